using Microsoft.Extensions.Options;
using Playground.Cohorts;

namespace Playground.Web.Capacity;

/// <summary>Bound from <c>Playground:Capacity</c>.</summary>
internal sealed class CapacityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Capacity";

    /// <summary>How long before a cohort's start time its automatic pre-warm runs (default 5 min; zero turns it off).</summary>
    public TimeSpan PrewarmLead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the scheduler looks for cohorts about to start (default 30 s).</summary>
    public TimeSpan PrewarmCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Pre-warms each cohort automatically shortly before its start time (<see cref="CapacityOptions.PrewarmLead"/>), up to
/// its seat limit and bounded by admission, once per start time (remembered in memory: a restart inside the lead time
/// pre-warms again, which only tops the pool up). Recorded in the cohort's instructor activity list as
/// <c>prewarm-auto</c> by <c>system</c>.
/// </summary>
internal sealed class CohortPrewarmScheduler(CohortStore store, CohortPrewarm prewarm, IOptions<CapacityOptions> options, ILogger<CohortPrewarmScheduler> logger)
    : BackgroundService
{
    private readonly HashSet<(string Cohort, DateTimeOffset StartsAt)> _done = [];
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>The identity automatic actions are recorded under.</summary>
    public static Instructor System { get; } = new("system", "Playground (automatic)", false, DateTimeOffset.UnixEpoch);

    /// <summary>One look: pre-warms every cohort that starts within the lead time and was not pre-warmed for that start.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var lead = options.Value.PrewarmLead;
        if (lead <= TimeSpan.Zero) return;
        await _running.WaitAsync(ct);
        try
        {
            var now = store.Time.GetUtcNow();
            foreach (var cohort in await store.ListCohortsAsync(ct))
            {
                if (cohort.StartsAt is not { } start || start <= now || start - now > lead || !_done.Add((cohort.Id, start))) continue;
                var outcomes = await prewarm.PrewarmAsync(cohort, cohort.SeatLimit, ct);
                await store.RecordActionAsync(System, cohort.Id, "prewarm-auto", cohort.Name, string.Join("; ", outcomes), ct);
            }
        }
        finally
        {
            _running.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Automatic cohort pre-warm failed: {Message}", e.Message);
            }
            try { await Task.Delay(options.Value.PrewarmCheckInterval, store.Time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
