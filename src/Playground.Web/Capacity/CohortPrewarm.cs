using Microsoft.Extensions.Options;
using Playground.Cohorts;
using Playground.Sandboxes;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Hosting;

namespace Playground.Web.Capacity;

/// <summary>
/// Fills the warm pool for a cohort before class, so 50 learners who start at once each take a ready sandbox instead
/// of waiting for 50 cold starts. For every environment of the cohort's lessons (in catalog order) it adds sandboxes
/// until the pool holds the requested number, each only while admission still fits one more for the cohort (memory
/// share and the count cap, reserved seats of others respected): a pre-warm never pushes the server past what it would
/// admit. Started <see cref="SandboxOptions.PrewarmParallelism"/> at a time. Pre-warmed sandboxes wait in the pool
/// until taken (they are not replaced) or until they expire (<see cref="ExpiryFor"/>), and are removed on shutdown.
/// </summary>
internal sealed class CohortPrewarm(
    WarmPool pool, WorkspaceAdmission admission, EnvironmentCatalog environments, LessonCatalogService lessons,
    IOptions<SandboxOptions> options, ILogger<CohortPrewarm> logger, TimeProvider time)
{
    /// <summary>
    /// When sandboxes pre-warmed for <paramref name="cohort"/> at <paramref name="now"/> expire if nobody took them:
    /// <see cref="SandboxOptions.PrewarmTimeout"/> after the cohort's start (after <paramref name="now"/> when the cohort
    /// has started or has no start), and at the latest when its window closes. Null: never (no timeout and no end).
    /// </summary>
    public DateTimeOffset? ExpiryFor(Cohort cohort, DateTimeOffset now)
    {
        var timeout = options.Value.PrewarmTimeout;
        DateTimeOffset? expires = timeout > TimeSpan.Zero
            ? (cohort.StartsAt is { } start && start > now ? start : now) + timeout
            : null;
        if (cohort.EndsAt is { } end && (expires is null || end < expires)) expires = end;
        return expires;
    }

    /// <summary>The environments the cohort's lessons use, in catalog order, without "none".</summary>
    public IReadOnlyList<string> EnvironmentsOf(Cohort cohort) =>
        lessons.Catalog.Tracks.SelectMany(t => t.Lessons).Where(l => l.NeedsSandbox && cohort.OpensLesson(l.Key))
            .Select(l => l.Environment).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Adds up to <paramref name="count"/> ready sandboxes per environment of <paramref name="cohort"/> (fewer when the
    /// pool already holds some, or admission stops it). Returns what was done, per environment.
    /// </summary>
    public async Task<IReadOnlyList<PrewarmOutcome>> PrewarmAsync(Cohort cohort, int count, CancellationToken ct)
    {
        var outcomes = new List<PrewarmOutcome>();
        var group = WorkspaceTerms.CohortGroup(cohort.Id);
        var expires = ExpiryFor(cohort, time.GetUtcNow());
        foreach (var name in EnvironmentsOf(cohort))
        {
            var spec = environments.Find(name);
            if (spec is null || !(await environments.GetAvailabilityAsync(name, ct)).Available)
            {
                outcomes.Add(new PrewarmOutcome(name, count, 0, pool.Count(name), "environment unavailable"));
                continue;
            }
            var started = 0;
            var failed = 0;
            string? stop = null;
            var inFlight = new List<Task>();
            using var gate = new SemaphoreSlim(Math.Max(1, options.Value.PrewarmParallelism));
            while (pool.Count(name) + inFlight.Count(t => !t.IsCompleted) < count && stop is null && !ct.IsCancellationRequested)
            {
                await gate.WaitAsync(ct);
                var pending = inFlight.Count(t => !t.IsCompleted);
                // Pooled and pending sandboxes count against the count cap too; memory already counts the pool.
                if (!admission.Fits(spec, group, extraCount: TotalPooled() + pending, extraMemory: pending * spec.Limits.MemoryBytes))
                {
                    gate.Release();
                    stop = "admission (memory share or sandbox cap) is full";
                    break;
                }
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await pool.AddOneAsync(spec, expires, ct);
                        Interlocked.Increment(ref started);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning("Pre-warm of {Environment} for cohort {CohortId} could not start a sandbox: {Message}", name, cohort.Id, e.Message);
                        if (Interlocked.Increment(ref failed) >= 3) stop = "sandboxes failed to start";
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, ct));
            }
            await Task.WhenAll(inFlight);
            outcomes.Add(new PrewarmOutcome(name, count, started, pool.Count(name), stop, expires));
            logger.LogInformation("Pre-warmed {Started} {Environment} sandboxes for cohort {CohortId} (asked {Count}, pool now {Pooled}); untaken ones expire at {ExpiresAt:o}",
                started, name, cohort.Id, count, pool.Count(name), expires);
        }
        return outcomes;
    }

    private int TotalPooled() => environments.All.Sum(e => pool.Count(e.Name));
}

/// <summary>What a pre-warm did for one environment.</summary>
/// <param name="Environment">Environment name.</param>
/// <param name="Requested">Ready sandboxes asked for.</param>
/// <param name="Started">Sandboxes this pre-warm started.</param>
/// <param name="Pooled">Ready sandboxes of the environment in the pool afterwards.</param>
/// <param name="StoppedBy">Why it stopped short, or null.</param>
/// <param name="ExpiresAt">When the sandboxes it started are removed if nobody took them (UTC), or null for never.</param>
internal sealed record PrewarmOutcome(string Environment, int Requested, int Started, int Pooled, string? StoppedBy, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>One line for the instructor activity list.</summary>
    public override string ToString() =>
        $"{Environment}: started {Started}, {Pooled} ready of {Requested} asked" + (StoppedBy is null ? "" : $" (stopped: {StoppedBy})")
        + (Started > 0 && ExpiresAt is { } at ? $", untaken ones removed at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "");
}
