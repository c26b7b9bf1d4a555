using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Playground.Sandboxes.Backends;
using Playground.Web.Errors;
using Playground.Web.Learners;
using Playground.Web.Workspaces;
using Yarp.ReverseProxy.Forwarder;

namespace Playground.Web.Previews;

/// <summary>
/// Web previews of ports inside a learner's sandbox at <c>/preview/{workspaceId}/{port}/...</c>: only the owning
/// learner (the <c>pg_learner</c> cookie, as every API) may open one; the request is forwarded by YARP over a stream
/// into the sandbox (<see cref="PreviewConnections"/>), so keep-alive, streaming and WebSocket upgrades work. When
/// nothing listens on the port the answer is a short page in English and Korean (502).
/// </summary>
public static class PreviewRoutes
{
    /// <summary>
    /// The previewed app's policy: whatever it loads from its own origin, inline script and eval included (learners'
    /// apps are arbitrary), images and media from anywhere; never framed by another site.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; img-src * data: blob:; media-src * data: blob:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; frame-ancestors 'self'";

    /// <summary>Whether a cookie of this name belongs to Playground (never forwarded to a previewed app, never set by one).</summary>
    public static bool IsPlaygroundCookie(string name) => string.Equals(name, LearnerIdentity.CookieName, StringComparison.Ordinal);

    internal static IServiceCollection AddPreviews(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddSingleton<PreviewConnections>();
        return services;
    }

    /// <summary>Maps <c>/preview/{id}/{port}</c> and everything under it, every method.</summary>
    public static IEndpointRouteBuilder MapPreviews(this IEndpointRouteBuilder app)
    {
        app.Map("/preview/{id}/{port:int}/{**rest}", ForwardAsync);
        return app;
    }

    private static async Task ForwardAsync(HttpContext http, string id, int port, string? rest, IHttpForwarder forwarder,
        PreviewConnections connections, ILoggerFactory loggers)
    {
        if (port is < 1 or > 65535) throw ApiException.BadRequest("A preview port is a number from 1 to 65535.");
        var owned = await OwnedWorkspace.ResolveAsync(id, http, http.RequestAborted);
        if (string.IsNullOrEmpty(rest) && !(http.Request.Path.Value ?? "").EndsWith('/'))
        {
            // Without the trailing slash relative links in the app would resolve one folder too high.
            http.Response.Redirect($"/preview/{owned.Id}/{port}/{http.Request.QueryString}");
            return;
        }
        // An empty body from the app is the app's answer, not a refusal for the status-code pages to dress up.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;

        var target = new PreviewTarget(owned.Id, port);
        http.Request.PathBase = http.Request.PathBase.Add($"/preview/{id}/{port}");
        http.Request.Path = "/" + (rest ?? "");
        var error = await forwarder.SendAsync(http, PreviewConnections.DestinationPrefix(target), connections.Invoker,
            new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower },
            new PreviewTransformer(target));
        if (error == ForwarderError.None) return;

        var exception = http.GetForwarderErrorFeature()?.Exception;
        var cause = Find<SandboxException>(exception);
        loggers.CreateLogger("Playground.Web.Previews").LogInformation("Preview of port {Port} in workspace {WorkspaceId} failed: {Error} {Message}",
            port, owned.Id, error, cause?.Message ?? exception?.Message);
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status502BadGateway;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(cause is SandboxPortClosedException ? ClosedPage(port) : FailedPage(port), http.RequestAborted);
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static string ClosedPage(int port) => Page(port,
        $"Nothing is listening on port {port} in your sandbox yet.",
        $"Start your server in the terminal (for example <code>python3 -m http.server {port}</code>), make sure it listens on this port, then reload this page.",
        $"샌드박스의 {port}번 포트에서 아직 아무것도 요청을 기다리고 있지 않습니다.",
        $"터미널에서 서버를 시작하고(예: <code>python3 -m http.server {port}</code>) 이 포트에서 기다리는지 확인한 다음 이 페이지를 새로 고치세요.");

    private static string FailedPage(int port) => Page(port,
        $"The preview of port {port} could not reach your sandbox.",
        "Your sandbox may have ended or restarted. Go back to the lesson page, then open the preview again.",
        $"{port}번 포트의 미리보기가 샌드박스에 연결하지 못했습니다.",
        "샌드박스가 끝났거나 다시 시작되었을 수 있습니다. 레슨 페이지로 돌아가 미리보기를 다시 여세요.");

    private static string Page(int port, string title, string text, string titleKo, string textKo) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Preview: port {{port}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2em}</style>
        </head><body>
        <h1>{{title}}</h1><p>{{text}}</p>
        <div lang="ko"><h1>{{titleKo}}</h1><p>{{textKo}}</p></div>
        </body></html>
        """;
}
