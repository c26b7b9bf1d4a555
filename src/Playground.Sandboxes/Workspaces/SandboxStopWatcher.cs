using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Ends a workspace the moment its sandbox stops on its own (crash, out of memory, killed from
/// outside), from the backend's event stream. The periodic sweep stays as the safety net for
/// events lost while the stream reconnects.
/// </summary>
public sealed class SandboxStopWatcher(ISandboxBackend backend, WorkspaceManager manager, ILogger<SandboxStopWatcher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (recovery runs first) before the first engine call.
        await Task.Yield();
        try
        {
            await foreach (var stopped in backend.WatchStopsAsync(stoppingToken))
            {
                try
                {
                    await manager.OnSandboxStoppedAsync(stopped, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Handling the stop of sandbox {SandboxId} failed; the sweep retries", stopped.SandboxId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
