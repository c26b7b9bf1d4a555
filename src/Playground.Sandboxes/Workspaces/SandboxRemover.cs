using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Removes sandboxes through the backend, and remembers the ones whose removal failed so the
/// sweep retries them: an ended workspace never leaves a sandbox running for good.
/// </summary>
public sealed class SandboxRemover(ISandboxBackend backend, ILogger<SandboxRemover> logger)
{
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SandboxHandle> _pending = new(StringComparer.Ordinal);

    /// <summary>Sandboxes waiting for another removal attempt.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Removes the sandbox with its own timeout (never the caller's token: a learner closing the
    /// tab mid-request must not leave a half-ended workspace). A failure is logged and retried later.
    /// </summary>
    public async Task RemoveOrRetryLaterAsync(SandboxHandle sandbox)
    {
        try
        {
            using var timeout = new CancellationTokenSource(RemoveTimeout);
            await backend.RemoveAsync(sandbox, timeout.Token);
            _pending.TryRemove(sandbox.SandboxId, out _);
        }
        catch (Exception e)
        {
            _pending[sandbox.SandboxId] = sandbox;
            logger.LogWarning(e, "Sandbox {SandboxId} could not be removed; the next sweep retries", sandbox.SandboxId);
        }
    }

    /// <summary>Tries every remembered removal again.</summary>
    public async Task RetryAsync()
    {
        foreach (var sandbox in _pending.Values) await RemoveOrRetryLaterAsync(sandbox);
    }

    /// <summary>Remembers a sandbox to remove at the next sweep (e.g. one that failed during recovery).</summary>
    public void RetryLater(SandboxHandle sandbox) => _pending[sandbox.SandboxId] = sandbox;
}
