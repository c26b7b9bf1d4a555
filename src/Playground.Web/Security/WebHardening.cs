using Playground.Web.Errors;

namespace Playground.Web.Security;

/// <summary>
/// The request guards every mode runs, outermost first: security headers on every response, the Host
/// allow-list, and the Origin check of state-changing requests. Each refusal is small, fixed text that
/// quotes nothing from the request.
/// </summary>
internal static class WebHardening
{
    /// <summary>
    /// The page policy: scripts only from this origin (no inline script, no eval). Styles allow 'unsafe-inline'
    /// because xterm.js and Mermaid insert style elements at run time; style cannot run script.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Sets CSP (unless the endpoint set a stricter one), X-Frame-Options, nosniff and Referrer-Policy on every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// Refuses (400, <see cref="RefuseUnknownHostAsync"/>) a request whose Host is not one this server answers for (see <see cref="PlaygroundOrigins"/>) nor a
    /// preview host on one of them (<see cref="Previews.PreviewHosts"/>),
    /// before identity, routing or any handler runs: the defence against DNS rebinding.
    /// </summary>
    public static IApplicationBuilder UseHostAllowList(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var origins = context.RequestServices.GetRequiredService<PlaygroundOrigins>();
        // Playground's own hosts, and exactly the preview host names on them (p-PORT-WORKSPACE.<base>).
        if (origins.IsAllowedHost(context.Request.Host)
            || context.RequestServices.GetRequiredService<Previews.PreviewHosts>().Parse(context.Request.Host) is not null)
        {
            await next(context);
            return;
        }
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Playground.Web.Security")
            .LogWarning("Refused a request for an unknown host {Host}", Cut(context.Request.Host.Value));
        await RefuseUnknownHostAsync(context);
    });

    /// <summary>The unknown-Host refusal's text (English: no learner language is known yet; quotes nothing from the request).</summary>
    internal const string UnknownHostMessage =
        "Unknown host: this Playground server answers only at its configured addresses (Playground:AllowedOrigins, AllowedHosts).";

    internal const string UnknownHostHint =
        "Open Playground at the address your instructor or operator gave you. Operators: add this name to Playground:AllowedOrigins (or AllowedHosts).";

    /// <summary>
    /// 400 like every other refusal: ProblemDetails for the API and sockets, a short page for anything a browser opens.
    /// The Host is never echoed (it is whatever a rebinding attacker chose).
    /// </summary>
    private static async Task RefuseUnknownHostAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/ws"))
        {
            await ProblemExceptionHandler.WriteAsync(context, StatusCodes.Status400BadRequest, UnknownHostMessage, UnknownHostHint, "unknown-host");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Unknown host</title></head>
            <body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
            <h1>This address is not one of this Playground server's.</h1>
            <p>{{System.Net.WebUtility.HtmlEncode(UnknownHostMessage)}}</p>
            <p>{{System.Net.WebUtility.HtmlEncode(UnknownHostHint)}}</p>
            </body></html>
            """);
    }

    /// <summary>
    /// Refuses (403) a POST, PUT, PATCH or DELETE whose Origin is not one of this server's, or that a browser marks
    /// as cross-site. Browsers send Origin on every such request; a client without one (curl, scripts) is not
    /// a browser carrying a victim's cookie, so it passes.
    /// </summary>
    public static IApplicationBuilder UseOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }
        var origin = request.Headers.Origin.ToString();
        var crossSite = string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase);
        var allowed = origin.Length == 0
            ? !crossSite
            : context.RequestServices.GetRequiredService<PlaygroundOrigins>().IsAllowedOrigin(origin);
        if (allowed)
        {
            await next(context);
            return;
        }
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Playground.Web.Security")
            .LogWarning("Refused {Method} {Path} from foreign origin {Origin}", request.Method, Cut(request.Path.Value), Cut(origin));
        await ProblemExceptionHandler.WriteAsync(context, StatusCodes.Status403Forbidden,
            "This request came from another site and was refused. Use Playground from its own address.");
    });

    private static string Cut(string? value) => value is null ? "" : value.Length > 100 ? value[..100] + "…" : value;
}
