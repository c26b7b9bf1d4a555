using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Playground.Cohorts;
using Playground.Progress;
using Playground.Sandboxes;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Errors;
using Playground.Web.Hosting;
using Playground.Web.Security;
using Playground.Web.Learners;
using Playground.Web.Workspaces;

namespace Playground.Web.Cohorts;

/// <summary>
/// The learner's side of cohorts: the join page and API, resume codes (the same learner on another browser),
/// what the learner's cohort allows now, instructor broadcasts, and resetting a sandbox.
/// </summary>
internal static class LearnerCohortEndpoints
{
    public static void MapLearnerCohorts(this WebApplication app)
    {
        var webRoot = app.Environment.WebRootPath;
        app.MapGet("/join", () => StaticPage(webRoot, "join.html"));
        app.MapGet("/join/{code}", (string code) => StaticPage(webRoot, "join.html"));
        app.MapGet("/resume/{code}", Resume).WithMetadata(new WorkspaceCreationLimit());
        // Join and resume attempts share the workspace-creation budget (per learner and per address): guessing
        // codes costs the same as asking for sandboxes, and is answered 429 with Retry-After.
        app.MapPost("/api/join", Join).WithMetadata(new WorkspaceCreationLimit());
        app.MapPost("/api/resume", ResumeApi).WithMetadata(new WorkspaceCreationLimit());
        app.MapGet("/api/me/cohort", MyCohort);
        app.MapGet("/api/me/events", Events);
        app.MapPost("/api/workspaces/{id}/reset", Reset).WithMetadata(new WorkspaceCreationLimit());
    }

    internal static IResult StaticPage(string webRoot, string name)
    {
        var path = Path.Combine(webRoot, "static", name);
        return File.Exists(path) ? Results.File(path, "text/html; charset=utf-8") : Results.Problem($"The front end is not built ({name} is missing).", statusCode: 500);
    }

    private static async Task<Ok<JoinResponse>> Join(
        JoinRequest request, HttpContext http, CohortStore store, CohortSignals signals, CancellationToken ct)
    {
        try
        {
            var (cohort, member) = await store.JoinAsync(request.Code, http.LearnerId(), request.DisplayName, ct);
            signals.Changed(member.LearnerId);
            return TypedResults.Ok(new JoinResponse(CohortSummary.From(cohort, store.Time.GetUtcNow()), member.DisplayName, member.ResumeCode, ResumeUrl(http, member.ResumeCode)));
        }
        catch (CohortException e)
        {
            throw InstructorEndpoints.Refused(e);
        }
    }

    internal static int StatusOf(CohortRefusal refusal) => refusal switch
    {
        CohortRefusal.Invalid => StatusCodes.Status400BadRequest,
        CohortRefusal.NotFound => StatusCodes.Status404NotFound,
        CohortRefusal.Closed => StatusCodes.Status403Forbidden,
        CohortRefusal.Full => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status409Conflict,
    };

    internal static string ResumeUrl(HttpContext http, string code) => $"{PublicBase(http)}/resume/{code}";

    internal static string PublicBase(HttpContext http) =>
        (http.RequestServices.GetRequiredService<IConfiguration>()["Playground:PublicUrl"] ?? $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');

    /// <summary>The resume link: this browser becomes the learner of the code (cookie), then the catalog.</summary>
    private static async Task<IResult> Resume(string code, HttpContext http, CohortStore store, CancellationToken ct)
    {
        if (await store.FindByResumeCodeAsync(code, ct) is not { } member)
            return Results.Redirect("/join?resume=invalid");
        SetLearnerCookie(http, member.LearnerId);
        return Results.Redirect("/");
    }

    private static async Task<Ok<MyCohortDto>> ResumeApi(
        ResumeRequest request, HttpContext http, CohortStore store, AccessPolicy access, CancellationToken ct)
    {
        if (await store.FindByResumeCodeAsync(request.Code, ct) is not { } member)
            throw ApiException.NotFound("This resume code is not valid. It is the 12-character code shown when you joined.");
        SetLearnerCookie(http, member.LearnerId);
        var cohort = await store.GetCohortAsync(member.CohortId, ct);
        return TypedResults.Ok(new MyCohortDto(Mode(access), http.IsInstructor(), member.DisplayName, member.ResumeCode, ResumeUrl(http, member.ResumeCode),
            cohort is null ? null : CohortSummary.From(cohort, store.Time.GetUtcNow())));
    }

    private static async Task<Ok<MyCohortDto>> MyCohort(HttpContext http, CohortStore store, AccessPolicy access, CancellationToken ct)
    {
        var member = await store.GetMemberAsync(http.LearnerId(), ct);
        var cohort = member is null ? null : await store.GetCohortAsync(member.CohortId, ct);
        return TypedResults.Ok(new MyCohortDto(Mode(access), http.IsInstructor(), member?.DisplayName, member?.ResumeCode,
            member is null ? null : ResumeUrl(http, member.ResumeCode), cohort is null ? null : CohortSummary.From(cohort, store.Time.GetUtcNow())));
    }

    private static string Mode(AccessPolicy access) => access.Mode == AccessMode.Cohort ? "cohort" : "open";

    /// <summary>Instructor broadcasts for this learner's cohort, as server-sent events (event: message).</summary>
    private static async Task Events(HttpContext http, CohortStore store, LearnerBroadcasts broadcasts, CancellationToken ct)
    {
        var member = await store.GetMemberAsync(http.LearnerId(), ct);
        await EventStream.BeginAsync(http.Response, ct);
        if (member is null)
        {
            // Not in a cohort: nothing will come. Keep the answer short; the page does not reconnect on 204.
            return;
        }
        var channel = broadcasts.Join(member.CohortId);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var message = await EventStream.NextAsync(http.Response, channel.Reader, TimeSpan.FromSeconds(20), ct);
                if (message is not null)
                    await EventStream.SendAsync(http.Response, "message", JsonSerializer.Serialize(message, CohortApiJson.Default.BroadcastMessage), ct);
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            broadcasts.Leave(member.CohortId, channel);
        }
    }

    /// <summary>A fresh sandbox for the same lesson (the learner's own, live workspace only; cohort rules apply).</summary>
    private static async Task<Ok<WorkspaceDto>> Reset(OwnedWorkspace owned, HttpContext http, WorkspaceReset reset,
        CohortAdmission admission, LessonCatalogService lessons, IOptions<SandboxOptions> options, CancellationToken ct)
    {
        var decision = await admission.CheckAsync(http, owned.Workspace.LessonKey, ct);
        // The quota does not apply: the reset replaces a session, it adds none.
        if (!decision.Allowed && decision.Reason != "quota") throw decision.ToException();
        var fresh = await reset.ResetAsync(owned.Workspace, ct);
        return TypedResults.Ok(WorkspaceDto.From(fresh, lessons.TerminalsOf(fresh.LessonKey), options.Value));
    }

    /// <summary>This request (and the response's one <c>pg_learner</c> cookie) now belongs to <paramref name="learnerId"/>.</summary>
    internal static void SetLearnerCookie(HttpContext http, string learnerId) =>
        http.RequestServices.GetRequiredService<CurrentLearner>().SwitchTo(learnerId);
}

internal sealed record JoinRequest(string? Code, string? DisplayName);

internal sealed record ResumeRequest(string? Code);

internal sealed record JoinResponse(CohortSummary Cohort, string DisplayName, string ResumeCode, string ResumeUrl);

/// <summary>What a learner may know about their cohort: name, window and whether sandboxes can start now.</summary>
internal sealed record CohortSummary(string Name, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string Window, string[] Opens)
{
    public static CohortSummary From(Cohort c, DateTimeOffset now) => new(c.Name, c.StartsAt, c.EndsAt,
        c.WindowAt(now) switch { CohortWindow.NotStarted => "not-started", CohortWindow.Ended => "ended", _ => "open" }, c.Opens.ToArray());
}

internal sealed record MyCohortDto(string Access, bool Instructor, string? DisplayName, string? ResumeCode, string? ResumeUrl, CohortSummary? Cohort);
