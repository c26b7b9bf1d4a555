using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Pool;

/// <summary>
/// Keeps a few started-and-ready sandboxes per environment so a learner waits for neither
/// container start nor readiness. Refilled in the background after every take. Pooled sandboxes count against
/// <see cref="SandboxOptions.MaxSandboxes"/> with the live ones: the pool never fills beyond the cap, and gives way
/// (<see cref="EvictForCap"/>) when a learner is admitted to a seat it holds.
/// </summary>
public sealed class WarmPool(
    EnvironmentCatalog environments,
    ISandboxBackend backend,
    WorkspaceRegistry registry,
    IOptions<SandboxOptions> options,
    ILogger<WarmPool> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<PooledSandbox>> _ready = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refill = new(0);

    /// <summary>The pool size of <paramref name="spec"/> (configuration first, then the spec).</summary>
    public int TargetSize(EnvironmentSpec spec) =>
        !options.Value.PoolEnabled ? 0 : options.Value.Pool.TryGetValue(spec.Name, out var configured) ? configured : spec.PoolSize;

    /// <summary>Ready sandboxes of <paramref name="environment"/> in the pool.</summary>
    public int Count(string environment) => _ready.TryGetValue(environment, out var q) ? q.Count : 0;

    /// <summary>Ready sandboxes of every environment in the pool.</summary>
    public int TotalCount => _ready.Values.Sum(q => q.Count);

    /// <summary>
    /// Removes pooled sandboxes (of the environment with the most ready ones first) until <paramref name="occupied"/>
    /// (live and claimed sandboxes) plus the pool fits <see cref="SandboxOptions.MaxSandboxes"/>; returns how many went.
    /// Removal happens in the background.
    /// </summary>
    public int EvictForCap(int occupied)
    {
        var evicted = 0;
        while (occupied + TotalCount > options.Value.MaxSandboxes)
        {
            var fullest = _ready.Values.Where(q => !q.IsEmpty).OrderByDescending(q => q.Count).FirstOrDefault();
            if (fullest is null || !fullest.TryDequeue(out var pooled)) break;
            evicted++;
            _ = RemoveAsync(pooled);
        }
        return evicted;
    }

    private async Task RemoveAsync(PooledSandbox pooled)
    {
        try
        {
            if (pooled.Shell is not null) await pooled.Shell.DisposeAsync();
            await backend.RemoveAsync(pooled.Handle, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Warm pool could not remove {SandboxId} given way to a learner: {Message}", pooled.Handle.SandboxId, e.Message);
        }
    }

    /// <summary>Takes a ready sandbox of <paramref name="environment"/>, or null when none is ready.</summary>
    public PooledSandbox? TryTake(string environment)
    {
        if (!_ready.TryGetValue(environment, out var queue) || !queue.TryDequeue(out var sandbox)) return null;
        // Starting the replacement at once would compete with the learner's first shell for the
        // same cores (measured: +100 ms to the first prompt); start it a moment later instead.
        _ = Task.Delay(options.Value.PoolRefillDelay).ContinueWith(_ => _refill.Release(), TaskScheduler.Default);
        return sandbox;
    }

    /// <summary>Puts back a sandbox taken by <see cref="TryTake"/> and not used (its creation was refused).</summary>
    public void Return(string environment, PooledSandbox sandbox) => _ready.GetOrAdd(environment, _ => new()).Enqueue(sandbox);

    /// <summary>
    /// Starts one more ready sandbox of <paramref name="spec"/> beyond the pool's target (a cohort's pre-warm); it
    /// waits until a learner takes it and is not replaced then. Throws the backend's <see cref="SandboxStartException"/>.
    /// The caller checks admission first.
    /// </summary>
    public async Task AddOneAsync(EnvironmentSpec spec, CancellationToken ct)
    {
        var sandbox = await backend.StartAsync(spec, Ids.New(10), ct);
        _ready.GetOrAdd(spec.Name, _ => new()).Enqueue(new PooledSandbox(sandbox, await PreopenShellAsync(spec, sandbox, CancellationToken.None)));
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
                // Pooled sandboxes hold seats too: never more live + pooled than the cap.
                if (registry.SandboxCount + TotalCount >= options.Value.MaxSandboxes) return;
                try
                {
                    var sandbox = await backend.StartAsync(spec, Ids.New(10), ct);
                    // Queued before anything else can fail, so DrainAsync always finds it.
                    var pooled = new PooledSandbox(sandbox, await PreopenShellAsync(spec, sandbox, CancellationToken.None));
                    queue.Enqueue(pooled);
                }
                catch (SandboxStartException e)
                {
                    logger.LogError("Warm pool for {Environment} could not start a sandbox: {Message}", spec.Name, e.Message);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The first terminal's shell is started with the sandbox, so a learner's first prompt is
    /// already waiting when their terminal attaches (an exec costs ~100 ms on this engine).
    /// </summary>
    private async Task<IShellProcess?> PreopenShellAsync(EnvironmentSpec spec, SandboxHandle sandbox, CancellationToken ct)
    {
        try
        {
            return await backend.StartShellAsync(sandbox, new ShellRequest(spec.Shell, spec.User, spec.WorkingDirectory, 120, 32), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Warm pool could not pre-open a shell in {SandboxId}: {Message}", sandbox.SandboxId, e.Message);
            return null;
        }
    }

    /// <inheritdoc />
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
            while (queue.TryDequeue(out var pooled))
            {
                if (pooled.Shell is not null) await pooled.Shell.DisposeAsync();
                await backend.RemoveAsync(pooled.Handle, ct);
            }
    }
}

/// <summary>A ready sandbox, with its first shell already running when that could be arranged.</summary>
public sealed record PooledSandbox(SandboxHandle Handle, IShellProcess? Shell);
