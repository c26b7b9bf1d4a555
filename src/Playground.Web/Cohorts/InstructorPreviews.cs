using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;

namespace Playground.Web.Cohorts;

/// <summary>
/// Who besides the owner may open a learner's web preview: a signed-in instructor (instructor cookie) when the
/// learner is a member of a cohort. Instructors are peers (every instructor manages every cohort), so the learner's
/// membership is what makes the instructor "an instructor of the learner's cohort"; a learner in no cohort stays
/// private. Checked when the preview is opened and again on every request through the preview host.
/// </summary>
internal static class InstructorPreviews
{
    /// <summary>What an instructor's attempt to open a preview came to.</summary>
    internal enum Verdict
    {
        /// <summary>No signed-in instructor (no or an unknown instructor cookie).</summary>
        NotInstructor,
        /// <summary>An instructor, but the workspace's learner is in no cohort.</summary>
        NotInCohort,
        /// <summary>Allowed.</summary>
        Allowed,
    }

    /// <summary>
    /// Whether the signed-in instructor of <paramref name="http"/> may preview <paramref name="workspace"/>; when allowed,
    /// the instructor and the learner's membership (for the activity list).
    /// </summary>
    public static async Task<(Verdict Verdict, Instructor? Instructor, CohortMember? Member)> CheckAsync(HttpContext http, Workspace workspace, CancellationToken ct)
    {
        var store = http.RequestServices.GetRequiredService<CohortStore>();
        if (http.User.InstructorId() is not { } id || await store.GetInstructorAsync(id, ct) is not { } instructor)
            return (Verdict.NotInstructor, null, null);
        return await store.GetMemberAsync(workspace.LearnerId, ct) is { } member
            ? (Verdict.Allowed, instructor, member)
            : (Verdict.NotInCohort, instructor, null);
    }

    /// <summary>Whether instructor <paramref name="instructorId"/> may still preview learner <paramref name="learnerId"/>'s workspaces.</summary>
    public static async Task<bool> StillAllowedAsync(IServiceProvider services, string instructorId, string learnerId, CancellationToken ct)
    {
        var store = services.GetRequiredService<CohortStore>();
        return await store.GetInstructorAsync(instructorId, ct) is not null && await store.GetMemberAsync(learnerId, ct) is not null;
    }
}
