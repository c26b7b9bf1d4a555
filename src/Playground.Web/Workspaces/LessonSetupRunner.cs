using System.Collections.Concurrent;
using Playground.Checks;
using Playground.Lessons;
using Playground.Sandboxes.Workspaces;

namespace Playground.Web.Workspaces;

/// <summary>
/// Remembers which setups ran in which workspace: a lesson's setup when its workspace is created
/// and a step's setup when the learner first opens that step, each at most once per workspace (and
/// likewise a passed step's cleanup when the learner first opens a later step),
/// so going back and forth between steps never resets work. Running them (as the environment's
/// user in its working folder, with the lesson-script timeout) is Checks' job
/// (<see cref="LessonScriptRunner"/>); this only records outcomes.
/// </summary>
internal sealed class LessonSetupRunner
{
    private readonly ConcurrentDictionary<(string Workspace, int Step), Lazy<Task<bool>>> _done = new();
    private readonly WorkspaceManager _workspaces;
    private readonly LessonScriptRunner _scripts;
    private readonly ILogger<LessonSetupRunner> _logger;

    public LessonSetupRunner(WorkspaceManager workspaces, LessonScriptRunner scripts, WorkspaceEvents events, ILogger<LessonSetupRunner> logger)
    {
        _workspaces = workspaces;
        _scripts = scripts;
        _logger = logger;
        events.SubscribeAll(e =>
        {
            if (e is not WorkspaceEnded) return;
            foreach (var key in _done.Keys.Where(k => k.Workspace == e.Workspace.Id)) _done.TryRemove(key, out _);
        });
    }

    public Task<bool> RunLessonSetupAsync(Workspace workspace, Lesson lesson, CancellationToken ct) =>
        lesson.Setup is null ? Task.FromResult(true) : Once(workspace, 0, lesson.Setup, ct);

    public Task<bool> RunStepSetupAsync(Workspace workspace, Step step, CancellationToken ct) =>
        step.Setup is null ? Task.FromResult(true) : Once(workspace, step.Number, step.Setup, ct);

    /// <summary>
    /// The learner opened <paramref name="opened"/>: runs the cleanup script of every earlier step that is passed
    /// (<paramref name="isPassed"/>), in step order, each at most once per workspace, before the opened step's setup.
    /// A failed cleanup is logged and not retried (it must not block the lesson). Returns whether all succeeded.
    /// </summary>
    public async Task<bool> RunCleanupsBeforeAsync(Workspace workspace, Lesson lesson, Step opened, Func<int, bool> isPassed, CancellationToken ct)
    {
        var ok = true;
        foreach (var earlier in lesson.Steps.Where(s => s.Number < opened.Number && s.Cleanup is not null && isPassed(s.Number)))
            ok &= await _done.GetOrAdd((workspace.Id, -earlier.Number),
                _ => new Lazy<Task<bool>>(() => RunAsync(workspace, -earlier.Number, earlier.Cleanup!, LessonScriptKind.Cleanup, retry: false))).Value.WaitAsync(ct);
        return ok;
    }

    // The first caller's request may be cancelled; the shared run must not be, so it only waits on its own timeout.
    private Task<bool> Once(Workspace workspace, int step, LessonScript script, CancellationToken ct) =>
        _done.GetOrAdd((workspace.Id, step), _ => new Lazy<Task<bool>>(() => RunAsync(workspace, step, script, LessonScriptKind.Setup, retry: true))).Value.WaitAsync(ct);

    // Cleanups are remembered under the negative step number, next to the setups.
    private async Task<bool> RunAsync(Workspace workspace, int step, LessonScript script, LessonScriptKind kind, bool retry)
    {
        try
        {
            var result = await _scripts.RunAsync(new WorkspaceScriptTarget(_workspaces, workspace.Id), script, kind, CancellationToken.None);
            if (result.ExitCode == 0 && !result.TimedOut) return true;
            // A failed setup is not remembered as done: the next open of the step tries again.
            if (retry) _done.TryRemove((workspace.Id, step), out _);
            _logger.LogWarning("{Kind} of {Lesson} step {Step} failed in workspace {WorkspaceId}: {Outcome}",
                kind, workspace.LessonKey, Math.Abs(step), workspace.Id, LessonScriptRunner.Describe(result));
            return false;
        }
        catch (Playground.Checks.EnvironmentUnavailableException e)
        {
            _logger.LogWarning("{Kind} of {Lesson} step {Step} could not run: {Message}", kind, workspace.LessonKey, Math.Abs(step), e.Message);
            _done.TryRemove((workspace.Id, step), out _);
            return false;
        }
    }
}
