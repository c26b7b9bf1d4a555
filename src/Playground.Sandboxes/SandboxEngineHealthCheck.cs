using Microsoft.Extensions.Diagnostics.HealthChecks;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes;

/// <summary>
/// Readiness: the sandbox engine answers a listing of this instance's sandboxes (one round trip through the
/// backend, whatever it is). Unhealthy with the backend's message when it does not, e.g. the engine is down.
/// </summary>
public sealed class SandboxEngineHealthCheck(ISandboxBackend backend) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var owned = await backend.ListOwnedAsync(cancellationToken);
            return HealthCheckResult.Healthy($"the sandbox engine answers ({owned.Count} sandboxes of this instance)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the sandbox engine does not answer: {e.Message}");
        }
    }
}
