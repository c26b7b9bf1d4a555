using System.Net;
using System.Text;

namespace Playground.Docker;

/// <summary>
/// Sends one POST on a fresh raw connection asking the engine to upgrade it ("Upgrade: tcp"), as exec start and
/// attach need. The engine answers "101 UPGRADED" (or "200 OK" on older engines) and then speaks the raw stream.
/// </summary>
internal static class HijackedConnection
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<HijackedStream> OpenAsync(DockerEndpoint endpoint, string pathAndQuery, byte[] jsonBody, CancellationToken ct)
    {
        var socket = await endpoint.ConnectAsync(ct).ConfigureAwait(false);
        var stream = new HijackedStream(socket);
        try
        {
            var request = new StringBuilder()
                .Append("POST ").Append(pathAndQuery).Append(" HTTP/1.1\r\n")
                .Append("Host: ").Append(endpoint.HostHeader).Append("\r\n")
                .Append("User-Agent: Playground/1.0\r\n")
                .Append("Content-Type: application/json\r\n")
                .Append("Content-Length: ").Append(jsonBody.Length).Append("\r\n")
                .Append("Connection: Upgrade\r\n")
                .Append("Upgrade: tcp\r\n")
                .Append("\r\n")
                .ToString();
            var head = Encoding.ASCII.GetBytes(request);

            await stream.WriteAsync(head, ct).ConfigureAwait(false);
            await stream.WriteAsync(jsonBody, ct).ConfigureAwait(false);

            var (response, bodyStart) = await HttpResponseHead.ReadAsync(stream, ct).ConfigureAwait(false);
            stream.Unread(bodyStart);
            if (response.StatusCode is (int)HttpStatusCode.SwitchingProtocols or (int)HttpStatusCode.OK)
                return stream;

            var body = await ReadErrorBodyAsync(stream, response, ct).ConfigureAwait(false);
            throw DockerApiException.For((HttpStatusCode)response.StatusCode, DockerTransport.ErrorMessage((HttpStatusCode)response.StatusCode, body));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<byte[]> ReadErrorBodyAsync(Stream stream, HttpResponseHead head, CancellationToken ct)
    {
        if (head.IsChunked)
            return await ChunkedBody.ReadAsync(stream, MaxErrorBodyBytes, ct).ConfigureAwait(false);
        var limit = (int)Math.Min(head.ContentLength ?? MaxErrorBodyBytes, MaxErrorBodyBytes);
        var buffer = new byte[limit];
        var total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            total += read;
        return buffer[..total];
    }
}
