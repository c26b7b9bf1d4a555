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
/// (<see cref="EvictForCap"/>) when a learner is admitted to a seat it holds. Sandboxes added beyond the pool's size
/// by a pre-warm (<see cref="AddOneAsync"/>) carry an expiry and are removed once it passes (<see cref="ExpireAsync"/>),
/// so a pre-warm nobody used does not hold memory forever.
/// </summary>
public sealed class WarmPool(
    EnvironmentCatalog environments,
    ISandboxBackend backend,
    WorkspaceRegistry registry,
    IOptions<SandboxOptions> options,
    ILogger<WarmPool> logger,
    TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _expiring = new(1, 1);

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
            logger.LogWarning("Warm pool could not remove {SandboxId}: {Message}", pooled.Handle.SandboxId, e.Message);
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
    /// waits until a learner takes it and is not replaced then. Once <paramref name="expiresAt"/> (UTC; null: never)
    /// has passed, <see cref="ExpireAsync"/> removes it while the pool holds more than its target.
    /// Throws the backend's <see cref="SandboxStartException"/>. The caller checks admission first.
    /// </summary>
    public async Task AddOneAsync(EnvironmentSpec spec, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var sandbox = await backend.StartAsync(spec, Ids.New(10), ct);
        _ready.GetOrAdd(spec.Name, _ => new()).Enqueue(new PooledSandbox(sandbox, await PreopenShellAsync(spec, sandbox, CancellationToken.None), expiresAt));
    }

    /// <summary>
    /// Removes pre-warmed sandboxes whose expiry has passed (by the injected <see cref="TimeProvider"/>), per environment
    /// only while the pool holds more than its target (the rest serve as the ordinary pool). Runs with every pass of the
    /// refill loop; returns how many were removed.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        // One sweep at a time: two would each count the same excess and could cut into the ordinary pool.
        await _expiring.WaitAsync(ct);
        try
        {
            return await ExpireOnceAsync();
        }
        finally
        {
            _expiring.Release();
        }
    }

    private async Task<int> ExpireOnceAsync()
    {
        var now = _time.GetUtcNow();
        var removed = 0;
        foreach (var (name, queue) in _ready)
        {
            var excess = queue.Count - (environments.Find(name) is { } spec ? TargetSize(spec) : 0);
            if (excess <= 0) continue;
            var expired = new List<PooledSandbox>();
            // One pass round the queue, keeping order: a sandbox is out of it only for the moment it is looked at, so
            // a learner taking one meanwhile still finds the others.
            for (var n = queue.Count; n > 0 && queue.TryDequeue(out var pooled); n--)
            {
                if (expired.Count < excess && pooled.ExpiresAt is { } at && at <= now) expired.Add(pooled);
                else queue.Enqueue(pooled);
            }
            if (expired.Count == 0) continue;
            foreach (var pooled in expired) await RemoveAsync(pooled);
            removed += expired.Count;
            logger.LogInformation(
                "Warm pool removed {Count} pre-warmed {Environment} sandboxes nobody took before they expired (at {ExpiresAt:o}); {Pooled} remain ready",
                expired.Count, name, expired.Max(p => p.ExpiresAt), queue.Count);
        }
        return removed;
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
                await ExpireAsync(stoppingToken);
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
/// <param name="Handle">The sandbox.</param>
/// <param name="Shell">Its first terminal's shell, or null.</param>
/// <param name="ExpiresAt">For a pre-warmed sandbox beyond the pool's size: when it is removed if still untaken (UTC); null for the ordinary pool.</param>
public sealed record PooledSandbox(SandboxHandle Handle, IShellProcess? Shell, DateTimeOffset? ExpiresAt = null);
