using System.Globalization;
using System.Security.Claims;
using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Catalog;
using Playground.Web.Learners;
using Playground.Web.Errors;
using Playground.Web.Workspaces;

namespace Playground.Web.Cohorts;

/// <summary>The answer to "may this learner start a sandbox for this lesson now?".</summary>
internal sealed record Admission(bool Allowed, int Status = StatusCodes.Status200OK, string? Message = null, string? Reason = null, string? Hint = null)
{
    public static Admission Yes { get; } = new(true);

    public ApiException ToException() => new(Status, Message ?? "refused", Hint, Reason);
}

/// <summary>
/// Cohort rules for starting sandboxes: in cohort mode only members may; a member's cohort must open the lesson,
/// be within its start/end window, and the learner must be under the cohort's sandbox quota. Signed-in
/// instructors may always start one (to try a lesson before class). Reading lessons is never gated.
/// </summary>
internal sealed class CohortAdmission(AccessPolicy access, CohortStore store, WorkspaceManager workspaces)
{
    public async Task<Admission> CheckAsync(HttpContext http, string lessonKey, CancellationToken ct)
    {
        if (http.IsInstructor()) return Admission.Yes;
        var learner = http.LearnerId();
        var member = await store.GetMemberAsync(learner, ct);
        var cohort = member is null ? null : await store.GetCohortAsync(member.CohortId, ct);
        if (cohort is null)
        {
            return access.Mode == AccessMode.Open
                ? Admission.Yes
                : new(false, StatusCodes.Status403Forbidden,
                    "This Playground is run for a class: join your cohort with the link or code from your instructor before starting a sandbox. You can read every lesson without joining.",
                    "join-required", "/join");
        }
        if (!cohort.OpensLesson(lessonKey))
            return new(false, StatusCodes.Status403Forbidden, $"Your cohort '{cohort.Name}' does not include this lesson. You can read it, but not start its sandbox.", "not-in-cohort");
        var now = store.Time.GetUtcNow();
        switch (cohort.WindowAt(now))
        {
            case CohortWindow.NotStarted:
                return new(false, StatusCodes.Status403Forbidden,
                    $"Your cohort '{cohort.Name}' starts at {Utc(cohort.StartsAt!.Value)}. You can read the lessons now; sandboxes open then.",
                    "not-started", cohort.StartsAt!.Value.ToString("O", CultureInfo.InvariantCulture));
            case CohortWindow.Ended:
                return new(false, StatusCodes.Status403Forbidden,
                    $"Your cohort '{cohort.Name}' ended at {Utc(cohort.EndsAt!.Value)}. You can still read the lessons; sandboxes are closed.",
                    "ended", cohort.EndsAt!.Value.ToString("O", CultureInfo.InvariantCulture));
        }
        if (cohort.SandboxQuota is { } quota)
        {
            var live = workspaces.ListForLearner(learner);
            // Creating for a lesson that already has a live workspace returns that one: it takes no new slot.
            if (live.All(w => w.LessonKey != lessonKey) && live.Count >= quota)
                return new(false, StatusCodes.Status429TooManyRequests,
                    $"Your cohort allows {quota} open session(s) at a time. End one under \"My sessions\" first.", "quota", "#my-sessions");
        }
        return Admission.Yes;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>Runs <see cref="CohortAdmission"/> before POST /api/workspaces, and signals dashboards after.</summary>
internal sealed class CohortAdmissionFilter(CohortAdmission admission, CohortSignals signals) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<CreateWorkspaceRequest>().FirstOrDefault();
        if (request is null) return await next(context);
        // An unknown lesson is a 404 for everyone, not a cohort refusal.
        RoutedLesson.Find(context.HttpContext, request.Track, request.Lesson);
        var decision = await admission.CheckAsync(context.HttpContext, $"{request.Track}/{request.Lesson}", context.HttpContext.RequestAborted);
        if (!decision.Allowed) throw decision.ToException();
        var result = await next(context);
        signals.Changed(context.HttpContext.LearnerId());
        return result;
    }
}

internal static class InstructorClaims
{
    public const string Scheme = "Instructor";
    public const string Id = "pg:instructor";

    public static bool IsInstructor(this HttpContext http) => http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(Id) is not null;

    public static string? InstructorId(this ClaimsPrincipal user) => user.FindFirst(Id)?.Value;
}
