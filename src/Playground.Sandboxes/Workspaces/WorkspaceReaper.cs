using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Playground.Sandboxes.Workspaces;

/// <summary>Runs <see cref="WorkspaceManager.SweepAsync"/> on a timer.</summary>
public sealed class WorkspaceReaper(WorkspaceManager manager, IOptions<SandboxOptions> options, ILogger<WorkspaceReaper> logger, TimeProvider? time = null)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReaperInterval, time ?? TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await manager.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Workspace sweep failed; the next tick retries");
            }
        }
    }
}
