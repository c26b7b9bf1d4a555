using Playground.Sandboxes.Workspaces;
using Playground.Web.Cohorts;
using Yarp.ReverseProxy.Forwarder;

namespace Playground.Web.Previews;

/// <summary>
/// Answers every request whose Host is a preview host (<see cref="PreviewHosts"/>) and nothing else: Playground's
/// pages and API are never served on a preview origin. The ticket exchange at <see cref="PreviewHosts.AuthPath"/> sets
/// the preview cookie and redirects to the app; every other request needs that cookie, for this host's workspace
/// and port, held by the workspace's current owner (or by an instructor while the owner is a cohort member), and is forwarded to the app (<see cref="PreviewForwarding"/>).
/// Runs before the Origin check: the app's own forms and fetches come from its own origin.
/// </summary>
internal static class PreviewHostMiddleware
{
    public static IApplicationBuilder UsePreviewHosts(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var hosts = http.RequestServices.GetRequiredService<PreviewHosts>();
        if (hosts.Parse(http.Request.Host) is not { } target)
        {
            await next(http);
            return;
        }
        var grants = http.RequestServices.GetRequiredService<PreviewGrants>();
        if (http.Request.Path.Equals(PreviewHosts.AuthPath, StringComparison.Ordinal))
        {
            await ExchangeAsync(http, target, grants);
            return;
        }
        var grant = grants.ReadCookie(http.Request.Cookies[PreviewGrants.CookieName]);
        if (grant is null || grant.Target != target)
        {
            await PreviewPages.WriteAsync(http, StatusCodes.Status403Forbidden, PreviewPages.NotYours(target.Port));
            return;
        }
        var workspace = await http.RequestServices.GetRequiredService<WorkspaceManager>().GetAsync(target.WorkspaceId, http.RequestAborted);
        if (workspace is null || workspace.LearnerId != grant.LearnerId
            || (grant.InstructorId is { } instructor && !await InstructorPreviews.StillAllowedAsync(http.RequestServices, instructor, grant.LearnerId, http.RequestAborted)))
        {
            await PreviewPages.WriteAsync(http, StatusCodes.Status403Forbidden, PreviewPages.NotYours(target.Port));
            return;
        }
        if (!workspace.IsLive)
        {
            await PreviewPages.WriteAsync(http, StatusCodes.Status502BadGateway, PreviewPages.Failed(target.Port));
            return;
        }
        await PreviewForwarding.ForwardAsync(http, target, http.RequestServices.GetRequiredService<IHttpForwarder>(),
            http.RequestServices.GetRequiredService<PreviewConnections>(), http.RequestServices.GetRequiredService<ILoggerFactory>());
    });

    private static async Task ExchangeAsync(HttpContext http, PreviewTarget target, PreviewGrants grants)
    {
        var grant = grants.Redeem(http.Request.Query["ticket"]);
        if (grant is null || grant.Target != target)
        {
            await PreviewPages.WriteAsync(http, StatusCodes.Status403Forbidden, PreviewPages.Expired(target.Port));
            return;
        }
        http.Response.Cookies.Append(PreviewGrants.CookieName, grants.CookieValue(grant), new CookieOptions
        {
            // No Domain: the cookie belongs to this preview host only, never to Playground or another preview.
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = PreviewGrants.CookieLifetime,
        });
        http.Response.Headers.CacheControl = "no-store";
        // Only a path on this host: the ticket link cannot be turned into a redirect to another site.
        var to = http.Request.Query["next"].ToString();
        if (!to.StartsWith('/') || to.StartsWith("//", StringComparison.Ordinal) || to.StartsWith("/\\", StringComparison.Ordinal)) to = "/";
        http.Response.Redirect(to);
    }
}
