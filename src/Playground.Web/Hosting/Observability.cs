using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Playground.Checks;
using Playground.Sandboxes;
using Playground.Terminals;

using Playground.Web.Security;

namespace Playground.Web.Hosting;

/// <summary>
/// /metrics (Prometheus text format) and the health endpoints. The instruments live in the libraries that own
/// the facts (<see cref="SandboxMetrics"/>, <see cref="SandboxGauges"/>, <see cref="CheckMetrics"/>,
/// <see cref="TerminalMetrics"/>, ASP.NET Core's own request metrics); this only exports them.
/// <list type="bullet">
/// <item><c>GET /metrics</c>: the Playground meters and Microsoft.AspNetCore.Hosting through OpenTelemetry's Prometheus
/// exporter (dots become underscores, counters end in <c>_total</c>, units become suffixes: <c>_seconds</c>, <c>_bytes</c>).</item>
/// <item><c>GET /healthz</c>: liveness (the process serves requests), 200 <c>Healthy</c>.</item>
/// <item><c>GET /healthz/ready</c>: readiness, 200 when the sandbox engine answers and the progress store opens,
/// 503 otherwise; a JSON body names each check, its status and description.</item>
/// </list>
/// </summary>
internal static class Observability
{
    /// <summary>Registers the exporter, the check metrics and the health checks.</summary>
    public static IServiceCollection AddPlaygroundObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<CheckMetrics>();
        // Meters are found by name process-wide; only this application's (its IMeterFactory is their scope) are
        // exported, so two servers in one process (tests) never report each other's sandboxes. The factory is
        // known once the container is built (MapPlaygroundObservability), before the meter provider starts.
        var own = new ExportedScope();
        services.AddSingleton(own);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SandboxMetrics.MeterName, CheckMetrics.MeterName, TerminalMetrics.MeterName, "Microsoft.AspNetCore.Hosting")
            .AddView(instrument => own.Factory is null || !ReferenceEquals(instrument.Meter.Scope, own.Factory) ? MetricStreamConfiguration.Drop
                : instrument.Unit == "s" ? new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets }
                : null)
            // Each scrape reads the current values (the default caches a scrape for 300 ms).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("serving"), tags: [Live])
            .AddCheck<SandboxEngineHealthCheck>("sandbox-engine", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ProgressStoreHealthCheck>("progress-store", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>Maps /metrics, /healthz and /healthz/ready.</summary>
    public static void MapPlaygroundObservability(this WebApplication app)
    {
        app.Services.GetRequiredService<ExportedScope>().Factory = app.Services.GetRequiredService<IMeterFactory>();
        // The gauges observe the manager, the pool and the terminal sessions: create them before the first scrape.
        app.Services.GetRequiredService<SandboxGauges>();
        app.Services.GetRequiredService<TerminalMetrics>();
        app.Services.GetRequiredService<SandboxMetrics>();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireMetricsAccess(app.Configuration);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Live) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReportAsync });
    }

    private const string Live = "live", Ready = "ready";

    /// <summary>Start and check latencies, seconds: 10 ms to 2 min.</summary>
    private static readonly double[] LatencyBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

    private static Task WriteReportAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.ToDictionary(e => e.Key, e => new HealthEntryDto(e.Value.Status.ToString(), e.Value.Description));
        return JsonSerializer.SerializeAsync(http.Response.Body, new HealthReportDto(report.Status.ToString(), checks), ApiJson.Default.HealthReportDto);
    }
}

/// <summary>The readiness body: overall status and each check's status and description.</summary>
internal sealed record HealthReportDto(string Status, Dictionary<string, HealthEntryDto> Checks);

/// <summary>One check of <see cref="HealthReportDto"/>.</summary>
internal sealed record HealthEntryDto(string Status, string? Description);

/// <summary>The meter factory whose meters this application exports (set once, before the host starts).</summary>
internal sealed class ExportedScope
{
    public IMeterFactory? Factory { get; set; }
}
