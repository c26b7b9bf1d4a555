using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Storage;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// The clocks: ends what is past its lifetime or idle deadline, warns what is close, and (as the
/// safety net behind the backend's stop events) notices sandboxes that died. Also retries failed
/// removals and saves activity timestamps in one batch.
/// </summary>
public sealed class WorkspaceSweeper(
    WorkspaceRegistry registry,
    WorkspaceTerminator terminator,
    SandboxRemover remover,
    ISandboxBackend backend,
    IWorkspaceStore store,
    WorkspaceEvents events,
    IOptions<SandboxOptions> options,
    ILogger<WorkspaceSweeper> logger,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private SandboxOptions Options => options.Value;

    /// <summary>One pass; <see cref="WorkspaceReaper"/> runs it every <see cref="SandboxOptions.ReaperInterval"/>.</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var workspace in registry.All)
        {
            if (now >= workspace.ExpiresAt) await terminator.EndAsync(workspace.Id, TerminationReason.Expired, ct);
            else if (now >= workspace.IdleExpiresAt(Options.IdleTimeout)) await terminator.EndAsync(workspace.Id, TerminationReason.Idle, ct);
            else if (!workspace.Warned && workspace.EndsAt(Options.IdleTimeout) - now <= Options.WarningBefore)
            {
                var warned = workspace with { Warned = true };
                if (registry.TryUpdate(workspace, warned))
                    events.Publish(new WorkspaceWarning(warned, warned.EndsAt(Options.IdleTimeout)));
            }
        }

        await DetectDeadSandboxesAsync(ct);
        await remover.RetryAsync();
        foreach (var workspace in registry.TakeUnsavedActivity()) await store.SaveAsync(workspace, ct);
    }

    /// <summary>
    /// A sandbox stopped on its own (reported by the backend's event stream, or found by a sweep):
    /// ends its workspace as out-of-memory or crashed. Sandboxes no live workspace holds (pooled,
    /// already ended, being removed) are ignored.
    /// </summary>
    public async Task OnSandboxStoppedAsync(SandboxStopped stopped, CancellationToken ct)
    {
        if (stopped.State == SandboxRunState.Running || registry.FindBySandbox(stopped.SandboxId) is not { } workspace) return;
        logger.LogInformation("Sandbox {SandboxId} of workspace {WorkspaceId} stopped ({State}, exit code {ExitCode})",
            stopped.SandboxId, workspace.Id, stopped.State, stopped.ExitCode);
        await terminator.EndAsync(workspace.Id, stopped.State == SandboxRunState.OutOfMemory ? TerminationReason.OutOfMemory : TerminationReason.Crashed, ct);
    }

    private async Task DetectDeadSandboxesAsync(CancellationToken ct)
    {
        if (registry.IsEmpty) return;
        var running = (await backend.ListOwnedAsync(ct)).Where(o => o.Running).Select(o => o.Handle.SandboxId).ToHashSet(StringComparer.Ordinal);
        foreach (var workspace in registry.All)
        {
            var dead = workspace.Sandboxes.FirstOrDefault(s => !running.Contains(s.SandboxId));
            if (dead is null) continue;
            var status = await backend.GetStatusAsync(dead, ct);
            if (status.State == SandboxRunState.Running) continue;
            await OnSandboxStoppedAsync(new SandboxStopped(dead.SandboxId, status.State, status.ExitCode), ct);
        }
    }
}
