using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Start and stop of the server: after a restart, adopts the workspaces whose sandboxes still
/// run and cleans up everything else this instance owns; on shutdown, ends every workspace.
/// </summary>
public sealed class WorkspaceRecovery(
    WorkspaceRegistry registry,
    WorkspaceTerminator terminator,
    SandboxRemover remover,
    ISandboxBackend backend,
    IWorkspaceStore store,
    WarmPool pool,
    ILogger<WorkspaceRecovery> logger,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Adopts the stored live workspaces whose sandboxes all still run (matched by sandbox id, the
    /// backend's own reference stays opaque), ends the others as server-shutdown, and removes every
    /// sandbox, volume and network of this instance that nothing owns.
    /// </summary>
    public async Task<RecoveryReport> RecoverAsync(CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        var owned = await backend.ListOwnedAsync(ct);
        var running = owned.Where(o => o.Running).Select(o => o.Handle.SandboxId).ToHashSet(StringComparer.Ordinal);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        int adopted = 0, lost = 0;
        var now = _time.GetUtcNow();
        foreach (var workspace in await store.LoadLiveAsync(ct))
        {
            var alive = workspace.Sandboxes.Count > 0 && workspace.Sandboxes.All(s => running.Contains(s.SandboxId));
            if (alive && now < workspace.ExpiresAt)
            {
                // The server was down, not the learner: restart the idle clock rather than reap at once.
                registry.Add(workspace with { LastActivity = now > workspace.LastActivity ? now : workspace.LastActivity });
                foreach (var s in workspace.Sandboxes) keep.Add(s.SandboxId);
                adopted++;
            }
            else
            {
                await store.SaveAsync(workspace with { State = WorkspaceState.Ended, EndReason = TerminationReason.ServerShutdown, EndedAt = now }, ct);
                lost++;
            }
        }
        var removed = 0;
        foreach (var orphan in owned.Where(o => !keep.Contains(o.Handle.SandboxId)))
        {
            try
            {
                await backend.RemoveAsync(orphan.Handle, ct);
                removed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One sandbox stuck in removal must not keep the server from starting.
                remover.RetryLater(orphan.Handle);
                logger.LogWarning(e, "Orphan sandbox {SandboxId} could not be removed; the sweep retries", orphan.Handle.SandboxId);
            }
        }
        var resources = await backend.RemoveOrphanedResourcesAsync(ct);
        logger.LogInformation("Recovered sandboxes: {Adopted} adopted, {Lost} ended, {Removed} orphan sandboxes and {Resources} volumes/networks removed",
            adopted, lost, removed, resources);
        return new RecoveryReport(adopted, lost, removed, resources);
    }

    /// <summary>Ends every live workspace (reason server-shutdown) and removes what this instance owns.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        await Parallel.ForEachAsync(registry.All.Select(w => w.Id).ToList(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (id, token) => await terminator.EndAsync(id, TerminationReason.ServerShutdown, token));
        await pool.DrainAsync(ct);
        await backend.RemoveOrphanedResourcesAsync(ct);
    }
}

/// <summary>What <see cref="WorkspaceRecovery.RecoverAsync"/> did: workspaces adopted and ended, sandboxes and other resources removed.</summary>
public sealed record RecoveryReport(int Adopted, int Ended, int OrphansRemoved, int ResourcesRemoved);
