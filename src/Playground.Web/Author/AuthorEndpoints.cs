using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Playground.Lessons;
using Playground.Web.Hosting;

namespace Playground.Web.Author;

/// <summary>
/// Author mode: a server-sent event per changed lesson, so an open page re-renders within a
/// second of a save without losing its terminal.
/// </summary>
internal static class AuthorEndpoints
{
    public static void MapAuthor(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/author/events", async (HttpContext http, LessonCatalogService lessons, IOptions<PlaygroundOptions> options, CancellationToken ct) =>
        {
            if (!options.Value.AuthorMode || lessons.Watcher is not { } watcher)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            var changes = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
            void OnChanged(object? sender, LessonChangedEventArgs e) => changes.Writer.TryWrite(e.Key);
            watcher.Changed += OnChanged;
            try
            {
                await http.Response.WriteAsync(": connected\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                while (!ct.IsCancellationRequested)
                {
                    using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    heartbeat.CancelAfter(TimeSpan.FromSeconds(20));
                    string? key = null;
                    try { key = await changes.Reader.ReadAsync(heartbeat.Token); }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
                    var frame = key is null ? ": keep-alive\n\n" : $"event: changed\ndata: {{\"lesson\":\"{key.Replace("\"", "")}\"}}\n\n";
                    await http.Response.WriteAsync(frame, ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { }
            finally
            {
                watcher.Changed -= OnChanged;
            }
        });
}
