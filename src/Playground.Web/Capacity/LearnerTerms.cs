using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Cohorts;
using Playground.Web.Learners;

namespace Playground.Web.Capacity;

/// <summary>
/// The terms a new workspace of this request's user is created under: a signed-in instructor uses the instructors'
/// reserved seats; a cohort member uses the cohort's reserved seats and its clocks (idle timeout, lifetime); anyone
/// else gets the server defaults and open capacity.
/// </summary>
internal sealed class LearnerTerms(CohortStore store)
{
    /// <summary>Terms for the user of <paramref name="http"/>.</summary>
    public async Task<WorkspaceTerms> ForAsync(HttpContext http, CancellationToken ct) =>
        http.IsInstructor() ? new WorkspaceTerms(WorkspaceTerms.Instructors) : await ForLearnerAsync(http.LearnerId(), ct);

    /// <summary>Terms for <paramref name="learnerId"/> (not an instructor): their cohort's, else the defaults.</summary>
    public async Task<WorkspaceTerms> ForLearnerAsync(string learnerId, CancellationToken ct)
    {
        var member = await store.GetMemberAsync(learnerId, ct);
        var cohort = member is null ? null : await store.GetCohortAsync(member.CohortId, ct);
        return cohort is null ? WorkspaceTerms.Default : new WorkspaceTerms(WorkspaceTerms.CohortGroup(cohort.Id), cohort.IdleTimeout, cohort.Lifetime);
    }
}
