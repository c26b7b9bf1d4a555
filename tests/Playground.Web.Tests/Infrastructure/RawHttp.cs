using System.Net.Sockets;
using System.Text;

namespace Playground.Web.Tests.Infrastructure;

/// <summary>
/// A hand-written HTTP/1.1 request over TCP, for what HttpClient and ClientWebSocket will not send as-is
/// (a foreign Host header on a WebSocket upgrade, the way a DNS-rebound browser sends it).
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, CRLF-separated, no final blank line) and returns the status code and the head of the answer.</summary>
    public static async Task<(int Status, string Head)> SendAsync(Uri server, string head)
    {
        var ct = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.TrimEnd() + "\r\n\r\n"), ct);
        var buffer = new byte[8192];
        var text = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!text.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var answer = text.ToString();
        var status = int.Parse(answer.Split(' ', 3)[1]);
        return (status, answer);
    }

    /// <summary>
    /// Announces a body of <paramref name="contentLength"/> bytes but sends only <paramref name="prefix"/>, then reads
    /// the answer until the server closes the connection: a refusal of an oversized body, without uploading it.
    /// </summary>
    public static async Task<(int Status, string Answer)> PostAnnouncingAsync(Uri server, string path, string origin, long contentLength, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {contentLength}\r\n\r\n{prefix}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) answer.Write(buffer, 0, read);
        }
        catch (IOException) { } // reset after the answer
        var text = Encoding.UTF8.GetString(answer.ToArray());
        return (int.Parse(text.Split(' ', 3)[1]), text);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="path"/>, either chunked (no Content-Length, as a streaming client
    /// sends it) or with its Content-Length, writing while reading the answer (the server may answer before it has read
    /// everything), and returns the status code and the whole answer once the server has answered and closed or
    /// <paramref name="body"/> was sent and answered.
    /// </summary>
    public static async Task<(int Status, string Answer)> PostAsync(Uri server, string path, string origin, byte[] body, bool chunked,
        string method = "POST", string contentType = "application/json")
    {
        var ct = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var head = $"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nOrigin: {origin}\r\nContent-Type: {contentType}\r\nConnection: close\r\n" +
                   (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {body.Length}\r\n\r\n");
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                for (var offset = 0; offset < body.Length; offset += 16 * 1024)
                {
                    var size = Math.Min(16 * 1024, body.Length - offset);
                    if (chunked) await stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"), timeout.Token);
                    await stream.WriteAsync(body.AsMemory(offset, size), timeout.Token);
                    if (chunked) await stream.WriteAsync("\r\n"u8.ToArray(), timeout.Token);
                }
                if (chunked) await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { } // the server stopped reading
        });
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) answer.Write(buffer, 0, read);
        }
        catch (IOException) { } // reset after the answer
        tcp.Close();
        await writing;
        var text = Encoding.UTF8.GetString(answer.ToArray());
        return (int.Parse(text.Split(' ', 3)[1]), text);
    }

    /// <summary>A WebSocket upgrade request head for <paramref name="path"/>.</summary>
    public static string Upgrade(string path, string host, string? origin, string? learnerId) =>
        $"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
        (origin is null ? "" : $"Origin: {origin}\r\n") +
        (learnerId is null ? "" : $"Cookie: pg_learner={learnerId}\r\n");
}
