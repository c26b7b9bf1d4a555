using Microsoft.Extensions.Diagnostics.HealthChecks;
using Playground.Progress;

namespace Playground.Web.Hosting;

/// <summary>Readiness: the progress store (SQLite) is migrated and answers a read (of a learner id nobody has).</summary>
internal sealed class ProgressStoreHealthCheck(SqliteProgressStore store) : IHealthCheck
{
    // Well-formed (LearnerIds.IsValid) but never issued: the read touches the tables and finds nothing.
    private static readonly string ProbeLearner = LearnerIds.New();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.InitializeAsync(cancellationToken);
            await store.GetAllProgressAsync(ProbeLearner, cancellationToken);
            return HealthCheckResult.Healthy($"SQLite at {Path.GetFileName(store.DataSource)} is ready");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the progress store does not open: {e.Message}");
        }
    }
}
