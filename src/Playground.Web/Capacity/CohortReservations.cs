using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;

namespace Playground.Web.Capacity;

/// <summary>
/// Keeps <see cref="ReservedCapacity"/> in step with the cohort store: the reserved seats of every cohort whose window
/// is open now. Re-read every 5 seconds (a cohort opening or closing, an instructor's edit) and on demand.
/// </summary>
internal sealed class CohortReservations(CohortStore store, ReservedCapacity reserved, ILogger<CohortReservations> logger) : BackgroundService
{
    /// <summary>Reads the cohorts once and applies their reservations.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var now = store.Time.GetUtcNow();
        var cohorts = await store.ListCohortsAsync(ct);
        reserved.SetCohortSeats(cohorts.Where(c => c.ReservedSeats > 0 && c.WindowAt(now) == CohortWindow.Open)
            .ToDictionary(c => WorkspaceTerms.CohortGroup(c.Id), c => c.ReservedSeats, StringComparer.Ordinal));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Before the cohort schema exists (first start) or on a busy database: keep the last reservations.
                logger.LogDebug("Cohort reservations not refreshed: {Message}", e.Message);
            }
            try { await Task.Delay(TimeSpan.FromSeconds(5), store.Time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
