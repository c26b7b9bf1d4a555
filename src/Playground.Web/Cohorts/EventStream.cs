using System.Threading.Channels;

namespace Playground.Web.Cohorts;

/// <summary>Server-sent events (as author mode sends them): named events with JSON data, a comment as keep-alive.</summary>
internal static class EventStream
{
    public static async Task BeginAsync(HttpResponse response, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) buffer responses unless told not to; events must arrive at once.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    public static async Task SendAsync(HttpResponse response, string eventName, string json, CancellationToken ct)
    {
        // JSON from System.Text.Json has no raw newlines, so one data: line carries it.
        await response.WriteAsync($"event: {eventName}\ndata: {json}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>Reads the next item, or null after <paramref name="heartbeat"/> (then a keep-alive comment is sent).</summary>
    public static async Task<T?> NextAsync<T>(HttpResponse response, ChannelReader<T> reader, TimeSpan heartbeat, CancellationToken ct) where T : class
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(heartbeat);
        try
        {
            return await reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await response.WriteAsync(": keep-alive\n\n", ct);
            await response.Body.FlushAsync(ct);
            return null;
        }
    }
}
