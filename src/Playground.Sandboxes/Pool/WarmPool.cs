using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Engine;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Pool;

/// <summary>
/// Keeps a few started-and-ready sandboxes per environment so a learner waits for neither
/// container start nor readiness. Refilled in the background after every take.
/// </summary>
public sealed class WarmPool(
    EnvironmentCatalog environments,
    ISandboxBackend backend,
    IOptions<SandboxOptions> options,
    ILogger<WarmPool> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SandboxHandle>> _ready = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refill = new(0);

    public int TargetSize(EnvironmentSpec spec) =>
        !options.Value.PoolEnabled ? 0 : options.Value.Pool.TryGetValue(spec.Name, out var configured) ? configured : spec.PoolSize;

    public int Count(string environment) => _ready.TryGetValue(environment, out var q) ? q.Count : 0;

    public SandboxHandle? TryTake(string environment)
    {
        if (!_ready.TryGetValue(environment, out var queue) || !queue.TryDequeue(out var sandbox)) return null;
        // Starting the replacement at once would compete with the learner's first shell for the
        // same cores (measured: +100 ms to the first prompt); start it a moment later instead.
        _ = Task.Delay(options.Value.PoolRefillDelay).ContinueWith(_ => _refill.Release(), TaskScheduler.Default);
        return sandbox;
    }

    /// <summary>Fills every pool to its target once; also the loop's body.</summary>
    public async Task FillAsync(CancellationToken ct)
    {
        foreach (var spec in environments.All)
        {
            var target = TargetSize(spec);
            if (target <= 0) continue;
            var queue = _ready.GetOrAdd(spec.Name, _ => new());
            while (queue.Count < target && !ct.IsCancellationRequested)
            {
                if (!(await environments.GetAvailabilityAsync(spec.Name, ct)).Available) break;
                try
                {
                    queue.Enqueue(await backend.StartAsync(spec, Ids.New(10), ct));
                }
                catch (SandboxStartException e)
                {
                    logger.LogError("Warm pool for {Environment} could not start a sandbox: {Message}", spec.Name, e.Message);
                    break;
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FillAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Warm pool refill failed; retrying");
            }
            // Wake on a take, or every 30 s to retry environments whose image appeared meanwhile.
            try { await _refill.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Removes every pooled sandbox (shutdown).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        foreach (var queue in _ready.Values)
            while (queue.TryDequeue(out var sandbox))
                await backend.StopAsync(sandbox, ct);
    }
}
