using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Playground.Docker;

/// <summary>HTTP/1.1 to the engine through a pooled <see cref="HttpClient"/> whose connections are opened by <see cref="DockerEndpoint"/>.</summary>
internal sealed class DockerTransport : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private readonly HttpClient http;

    public DockerTransport(DockerEndpoint endpoint, TimeSpan requestTimeout)
    {
        Endpoint = endpoint;
        RequestTimeout = requestTimeout;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) => new NetworkStream(await endpoint.ConnectAsync(ct).ConfigureAwait(false), ownsSocket: true),
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        // Timeouts are applied per call (see BoundedAsync) because streams like events and wait must run indefinitely.
        http = new HttpClient(handler) { BaseAddress = endpoint.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Playground", "1.0"));
    }

    public DockerEndpoint Endpoint { get; }
    public TimeSpan RequestTimeout { get; }

    /// <summary>Sends a request and returns once the response headers arrived, whatever the status.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (Unwrap<DockerUnavailableException>(e) is { } unavailable)
        {
            // Drop HttpClient's wrapper: callers care that the engine is unreachable and why (the socket error).
            throw new DockerUnavailableException(unavailable.Host, unavailable.Reason, unavailable.InnerException);
        }
    }

    /// <summary>Runs one ordinary call under <see cref="RequestTimeout"/>, reporting an expiry as <see cref="TimeoutException"/>.</summary>
    public async Task<T> BoundedAsync<T>(string description, Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            return await operation(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The Docker engine at {Endpoint.DisplayName} did not answer {description} within {RequestTimeout.TotalSeconds:0.#} s.", e);
        }
    }

    /// <summary>Throws the typed exception for an error status, carrying the engine's message.</summary>
    public static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if ((int)response.StatusCode < 400)
            return;
        var body = await ReadLimitedAsync(response.Content, ct).ConfigureAwait(false);
        throw DockerApiException.For(response.StatusCode, ErrorMessage(response.StatusCode, body));
    }

    /// <summary>Extracts "message" from an engine error body, falling back to the raw text or the status.</summary>
    public static string ErrorMessage(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, DockerJsonContext.Default.ErrorResponse) is { Message: { Length: > 0 } message })
                return message;
        }
        catch (JsonException)
        {
            // Not JSON: some proxies and very old engines answer in plain text.
        }
        var text = Encoding.UTF8.GetString(body).Trim();
        return text.Length > 0 ? text : $"HTTP {(int)status} {status}";
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            total += read;
        return buffer[..total];
    }

    private static T? Unwrap<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (current is T match)
                return match;
        return null;
    }

    public void Dispose() => http.Dispose();
}
