using System.Net.Http.Headers;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    /// <summary>Extracts a tar archive into the directory <paramref name="path"/> of the container. The stream is read, not disposed.</summary>
    public Task PutArchiveAsync(string containerId, string path, Stream tar, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tar);
        var content = new BorrowedStreamContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return SendAsync(HttpMethod.Put, $"/containers/{DockerPath.Segment(containerId)}/archive{new QueryString().Add("path", path)}", content, ct);
    }

    /// <summary>A tar archive of <paramref name="path"/> (file or directory) in the container. Dispose it when done.</summary>
    public async Task<Stream> GetArchiveAsync(string containerId, string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var pathAndQuery = $"/containers/{DockerPath.Segment(containerId)}/archive{new QueryString().Add("path", path)}";
        var response = await transport.BoundedAsync($"GET {pathAndQuery}", async token =>
        {
            var versioned = await VersionedAsync(pathAndQuery, token).ConfigureAwait(false);
            return await transport.SendAsync(HttpMethod.Get, versioned, null, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        try
        {
            await DockerTransport.ThrowIfErrorAsync(response, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new ResponseOwningStream(body, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
