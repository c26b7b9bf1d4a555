using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Cohorts;
using Playground.Web.Errors;
using Playground.Web.Learners;
using Playground.Web.Workspaces;
using Yarp.ReverseProxy.Forwarder;

namespace Playground.Web.Previews;

/// <summary>
/// Web previews of ports inside a learner's sandbox. The lesson page opens <c>/open-preview/{workspaceId}/{port}/{path}</c>
/// on Playground's origin, which checks that the workspace is the learner's (or that an instructor of the learner's
/// cohort asks, <see cref="InstructorPreviews"/>) and redirects to the preview host
/// <c>p-PORT-WORKSPACE.&lt;base&gt;</c> with a one-time ticket (<see cref="PreviewHosts"/>, <see cref="PreviewGrants"/>,
/// <see cref="PreviewHostMiddleware"/>). The older path form <c>/preview/{workspaceId}/{port}/...</c> runs the app on
/// Playground's own origin and is off unless <see cref="PreviewOptions.PathForm"/> is set; it is also the fallback of
/// <c>/open-preview</c> when the host form is unavailable. Either way the request is forwarded by YARP over a stream
/// into the sandbox (<see cref="PreviewConnections"/>), so keep-alive, streaming and WebSocket upgrades work, and
/// when nothing listens on the port the answer is a short page in English and Korean (502).
/// </summary>
internal static class PreviewRoutes
{
    /// <summary>
    /// The previewed app's policy: whatever it loads from its own origin, inline script and eval included (learners'
    /// apps are arbitrary), images and media from anywhere; never framed by another site.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; img-src * data: blob:; media-src * data: blob:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; frame-ancestors 'self'";

    /// <summary>Whether a cookie of this name belongs to Playground (never forwarded to a previewed app, never set by one).</summary>
    public static bool IsPlaygroundCookie(string name) =>
        string.Equals(name, LearnerIdentity.CookieName, StringComparison.Ordinal) || string.Equals(name, PreviewGrants.CookieName, StringComparison.Ordinal);

    internal static IServiceCollection AddPreviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpForwarder();
        services.AddSingleton<PreviewConnections>();
        services.AddOptions<PreviewOptions>().Bind(configuration.GetSection(PreviewOptions.Section));
        services.AddSingleton<PreviewHosts>();
        services.AddSingleton<PreviewGrants>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Maps <c>/open-preview/{id}/{port}/...</c> (GET) and the path form <c>/preview/{id}/{port}/...</c> (every method).</summary>
    public static IEndpointRouteBuilder MapPreviews(this IEndpointRouteBuilder app)
    {
        app.MapGet("/open-preview/{id}/{port:int}/{**rest}", OpenAsync);
        app.Map("/preview/{id}/{port:int}/{**rest}", PathFormAsync);
        return app;
    }

    /// <summary>
    /// Where the page's preview button and <c>preview:PORT</c> links go (and the instructor dashboard's "Open preview"):
    /// the owner check (or, for another learner's workspace, <see cref="InstructorPreviews"/>: a signed-in instructor
    /// of the learner's cohort, recorded in the cohort's activity list), then the host form (or the path form, owners only).
    /// </summary>
    private static async Task OpenAsync(HttpContext http, string id, int port, string? rest, PreviewHosts hosts, PreviewGrants grants,
        CurrentLearner learner, WorkspaceManager workspaces, IOptions<PreviewOptions> options)
    {
        if (port is < 1 or > 65535) throw ApiException.BadRequest("A preview port is a number from 1 to 65535.");
        var ct = http.RequestAborted;
        var workspace = await workspaces.GetAsync(id, ct) ?? throw ApiException.NotFound("No such workspace.");
        var path = "/" + (rest ?? "") + http.Request.QueryString;
        http.Response.Headers.CacheControl = "no-store";
        var target = new PreviewTarget(workspace.Id, port);
        PreviewGrant grant;
        if (workspace.LearnerId == learner.Id)
        {
            if (!workspace.IsLive) throw new WorkspaceEndedException(workspace);
            grant = new PreviewGrant(learner.Id, target);
        }
        else
        {
            var (verdict, instructor, member) = await InstructorPreviews.CheckAsync(http, workspace, ct);
            if (verdict != InstructorPreviews.Verdict.Allowed)
            {
                await PreviewPages.WriteAsync(http, StatusCodes.Status403Forbidden,
                    verdict == InstructorPreviews.Verdict.NotInCohort ? PreviewPages.NotInCohort(port) : PreviewPages.NotYours(port));
                return;
            }
            if (!workspace.IsLive)
            {
                await PreviewPages.WriteAsync(http, StatusCodes.Status410Gone, PreviewPages.LearnerSessionEnded(port));
                return;
            }
            grant = new PreviewGrant(workspace.LearnerId, target, instructor!.Id);
            if (hosts.OriginFor(http.Request, target) is null)
            {
                // The path form runs on Playground's origin as the owning learner: never for an instructor.
                await PreviewPages.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, PreviewPages.Unavailable(port));
                return;
            }
            await http.RequestServices.GetRequiredService<CohortStore>().RecordActionAsync(instructor, member!.CohortId, "open-preview",
                workspace.LearnerId, $"{workspace.LessonKey} port {port}", ct);
        }
        if (hosts.OriginFor(http.Request, target) is { } origin)
        {
            var ticket = grants.IssueTicket(grant);
            http.Response.Redirect($"{origin}{PreviewHosts.AuthPath}?ticket={Uri.EscapeDataString(ticket)}&next={Uri.EscapeDataString(path)}");
            return;
        }
        if (options.Value.PathForm)
        {
            http.Response.Redirect($"/preview/{workspace.Id}/{port}{path}");
            return;
        }
        await PreviewPages.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, PreviewPages.Unavailable(port));
    }

    private static async Task PathFormAsync(HttpContext http, string id, int port, string? rest, IHttpForwarder forwarder,
        PreviewConnections connections, ILoggerFactory loggers, IOptions<PreviewOptions> options)
    {
        if (!options.Value.PathForm) throw ApiException.NotFound("Previews by path are off on this server: open the preview from the lesson page.");
        if (port is < 1 or > 65535) throw ApiException.BadRequest("A preview port is a number from 1 to 65535.");
        var owned = await OwnedWorkspace.ResolveAsync(id, http, http.RequestAborted);
        if (string.IsNullOrEmpty(rest) && !(http.Request.Path.Value ?? "").EndsWith('/'))
        {
            // Without the trailing slash relative links in the app would resolve one folder too high.
            http.Response.Redirect($"/preview/{owned.Id}/{port}/{http.Request.QueryString}");
            return;
        }
        http.Request.PathBase = http.Request.PathBase.Add($"/preview/{id}/{port}");
        http.Request.Path = "/" + (rest ?? "");
        await PreviewForwarding.ForwardAsync(http, new PreviewTarget(owned.Id, port), forwarder, connections, loggers);
    }
}

/// <summary>Forwards one request to a port in a sandbox, or answers with a clear page when it cannot.</summary>
internal static class PreviewForwarding
{
    public static async Task ForwardAsync(HttpContext http, PreviewTarget target, IHttpForwarder forwarder,
        PreviewConnections connections, ILoggerFactory loggers)
    {
        // An empty body from the app is the app's answer, not a refusal for the status-code pages to dress up.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        var error = await forwarder.SendAsync(http, PreviewConnections.DestinationPrefix(target), connections.Invoker,
            new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower },
            new PreviewTransformer(target));
        if (error == ForwarderError.None) return;

        var exception = http.GetForwarderErrorFeature()?.Exception;
        var cause = Find<SandboxException>(exception);
        loggers.CreateLogger("Playground.Web.Previews").LogInformation("Preview of port {Port} in workspace {WorkspaceId} failed: {Error} {Message}",
            target.Port, target.WorkspaceId, error, cause?.Message ?? exception?.Message);
        await PreviewPages.WriteAsync(http, StatusCodes.Status502BadGateway,
            cause is SandboxPortClosedException ? PreviewPages.Closed(target.Port) : PreviewPages.Failed(target.Port));
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}
