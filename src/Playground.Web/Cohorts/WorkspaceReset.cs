using Playground.Sandboxes.Workspaces;
using Playground.Web.Hosting;
using Playground.Web.Workspaces;

namespace Playground.Web.Cohorts;

/// <summary>
/// "Reset sandbox": ends a workspace and starts a fresh one for the same learner and lesson (files are lost,
/// progress is kept); the page then reopens the learner's step, which runs that step's setup again.
/// </summary>
internal sealed class WorkspaceReset(WorkspaceManager workspaces, LessonCatalogService lessons, LessonSetupRunner setups, CohortSignals signals, Capacity.LearnerTerms terms)
{
    public async Task<Workspace> ResetAsync(Workspace old, CancellationToken ct)
    {
        var lesson = lessons.Catalog.Find(old.LessonKey) ?? throw new WorkspaceNotFoundException(old.Id);
        await workspaces.EndAsync(old.Id, TerminationReason.Destroyed, ct);
        var fresh = await workspaces.CreateAsync(old.LearnerId, old.LessonKey, old.Environment, await terms.ForLearnerAsync(old.LearnerId, ct), ct);
        await setups.RunLessonSetupAsync(fresh, lesson, ct);
        signals.Changed(old.LearnerId);
        return fresh;
    }
}
