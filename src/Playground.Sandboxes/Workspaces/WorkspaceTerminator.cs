using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Storage;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Ends workspaces: always with a reason, always announced, always saved, and their sandboxes
/// removed (or queued for another attempt). The one way a workspace stops being live.
/// </summary>
public sealed class WorkspaceTerminator(
    WorkspaceRegistry registry,
    SandboxRemover remover,
    IWorkspaceStore store,
    WorkspaceEvents events,
    ILogger<WorkspaceTerminator> logger,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Ends the workspace with <paramref name="reason"/>; does nothing when it is not live (already ended).</summary>
    public async Task EndAsync(string id, TerminationReason reason, CancellationToken ct)
    {
        if (registry.Remove(id) is not { } current) return;
        var ended = current with { State = WorkspaceState.Ended, EndReason = reason, EndedAt = _time.GetUtcNow() };
        if (registry.TakePreopenedShell(id) is { } unused) await unused.DisposeAsync();
        events.Publish(new WorkspaceEnded(ended, reason));
        logger.LogInformation("Workspace {WorkspaceId} of learner {LearnerId} ended: {Reason}", id, current.LearnerId, reason.Code());
        try
        {
            foreach (var sandbox in current.Sandboxes) await remover.RemoveOrRetryLaterAsync(sandbox);
        }
        finally
        {
            // Not the caller's token: the record must say it ended, or a restart would adopt it again.
            await store.SaveAsync(ended, CancellationToken.None);
        }
    }
}
