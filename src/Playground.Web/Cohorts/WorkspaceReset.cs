using Playground.Sandboxes.Workspaces;
using Playground.Web.Hosting;
using Playground.Web.Workspaces;

namespace Playground.Web.Cohorts;

/// <summary>
/// "Reset sandbox": ends a workspace and starts a fresh one for the same learner and lesson (files are lost,
/// progress is kept), keeping the learner's seat; the page then reopens the learner's step, which runs that step's setup again.
/// </summary>
internal sealed class WorkspaceReset(WorkspaceManager workspaces, LessonCatalogService lessons, LessonSetupRunner setups, CohortSignals signals, Capacity.LearnerTerms terms)
{
    public async Task<Workspace> ResetAsync(Workspace old, CancellationToken ct)
    {
        var lesson = lessons.Catalog.Find(old.LessonKey) ?? throw new WorkspaceNotFoundException(old.Id);
        // The fresh workspace takes the old one's seat (claimed before the old one ends), so a full server with a
        // queue cannot give it away mid-reset; when the claim is refused, the old workspace keeps running.
        var fresh = await workspaces.ReplaceAsync(old, await terms.ForLearnerAsync(old.LearnerId, ct), ct);
        await setups.RunLessonSetupAsync(fresh, lesson, ct);
        signals.Changed(old.LearnerId);
        return fresh;
    }
}
