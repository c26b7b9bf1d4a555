using System.Diagnostics.Metrics;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes;

/// <summary>
/// The sandbox facts as <see cref="System.Diagnostics.Metrics"/> instruments on the meter <see cref="MeterName"/>
/// (exported by the web host at /metrics; names there use underscores):
/// <list type="bullet">
/// <item><c>playground.sandboxes.starts</c> (counter, tags environment, source = pool|cold): sandboxes handed to new workspaces.</item>
/// <item><c>playground.sandboxes.start.duration</c> (histogram, seconds, same tags): from admission to a ready sandbox.</item>
/// <item><c>playground.sandboxes.failures</c> (counter, tags environment, reason = capacity|learner-limit|environment-unavailable|start-failed|engine-unavailable|cancelled|error): creations that gave no sandbox.</item>
/// <item><c>playground.sandboxes.ends</c> (counter, tags environment, reason = a termination reason code): workspaces ended.</item>
/// <item><c>playground.sandboxes.starting</c> (up-down counter, tag environment): creations admitted and waiting for their sandbox (the start queue).</item>
/// </list>
/// Live and pooled counts are observed by <see cref="SandboxGauges"/>.
/// </summary>
public sealed class SandboxMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Playground.Sandboxes";

    private readonly Counter<long> _starts;
    private readonly Histogram<double> _startDuration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _ends;
    private readonly UpDownCounter<long> _starting;
    private readonly IDisposable _subscription;

    /// <summary>Creates the instruments and counts ends from <paramref name="events"/>.</summary>
    public SandboxMetrics(IMeterFactory meters, WorkspaceEvents events)
    {
        var meter = meters.Create(MeterName);
        _starts = meter.CreateCounter<long>("playground.sandboxes.starts", "{sandbox}", "Sandboxes handed to new workspaces");
        _startDuration = meter.CreateHistogram<double>("playground.sandboxes.start.duration", "s", "Time from admission to a ready sandbox");
        _failures = meter.CreateCounter<long>("playground.sandboxes.failures", "{workspace}", "Workspace creations that gave no sandbox, by reason");
        _ends = meter.CreateCounter<long>("playground.sandboxes.ends", "{workspace}", "Workspaces ended, by reason");
        _starting = meter.CreateUpDownCounter<long>("playground.sandboxes.starting", "{workspace}", "Creations admitted and waiting for their sandbox");
        _subscription = events.SubscribeAll(e =>
        {
            if (e is WorkspaceEnded ended)
                _ends.Add(1, new("environment", e.Workspace.Environment), new("reason", ended.Reason.Code()));
        });
    }

    /// <summary>Marks one creation as waiting for its sandbox until the returned scope is disposed.</summary>
    public IDisposable Starting(string environment)
    {
        _starting.Add(1, new KeyValuePair<string, object?>("environment", environment));
        return new Scope(() => _starting.Add(-1, new KeyValuePair<string, object?>("environment", environment)));
    }

    /// <summary>A sandbox was handed to a new workspace after <paramref name="elapsed"/>.</summary>
    public void Started(string environment, TimeSpan elapsed, bool fromPool)
    {
        var source = new KeyValuePair<string, object?>("source", fromPool ? "pool" : "cold");
        var env = new KeyValuePair<string, object?>("environment", environment);
        _starts.Add(1, env, source);
        _startDuration.Record(elapsed.TotalSeconds, env, source);
    }

    /// <summary>
    /// Counts a creation that failed with <paramref name="error"/>. Returns false so it can sit in an exception
    /// filter (<c>catch (Exception e) when (metrics.CreationFailed(...))</c>) without catching anything.
    /// </summary>
    public bool CreationFailed(string environment, Exception error)
    {
        var reason = error switch
        {
            CapacityExceededException { PerLearner: true } => "learner-limit",
            CapacityExceededException => "capacity",
            EnvironmentUnavailableException => "environment-unavailable",
            Backends.SandboxStartException => "start-failed",
            Backends.SandboxBackendUnavailableException => "engine-unavailable",
            OperationCanceledException => "cancelled",
            _ => "error",
        };
        _failures.Add(1, new("environment", environment), new("reason", reason));
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _subscription.Dispose();

    private sealed class Scope(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose(); }
    }
}

/// <summary>
/// Observable gauges on <see cref="SandboxMetrics.MeterName"/>, read when metrics are collected:
/// <c>playground.sandboxes.live</c> (sandboxes of live workspaces) and <c>playground.sandboxes.pooled</c>
/// (warm sandboxes ready), both per environment, and <c>playground.sandboxes.queued</c> (learners waiting in the
/// admission queue, <see cref="Queue.AdmissionQueue"/>).
/// </summary>
public sealed class SandboxGauges
{
    /// <summary>Registers the gauges; they hold references to the manager and the pool for the meter's lifetime.</summary>
    public SandboxGauges(IMeterFactory meters, WorkspaceManager workspaces, WarmPool pool, EnvironmentCatalog environments, Queue.AdmissionQueue queue)
    {
        var meter = meters.Create(SandboxMetrics.MeterName);
        meter.CreateObservableGauge("playground.sandboxes.queued", () => queue.WaitingCount, "{learner}", "Learners waiting in the admission queue");
        meter.CreateObservableGauge("playground.sandboxes.live", () =>
        {
            var live = workspaces.Live.GroupBy(w => w.Environment).ToDictionary(g => g.Key, g => g.Sum(w => w.Sandboxes.Count));
            // Every known environment reports, zeros included, so a dashboard sees an environment empty out.
            return environments.All.Select(e => e.Name).Union(live.Keys)
                .Select(name => new Measurement<int>(live.GetValueOrDefault(name), new KeyValuePair<string, object?>("environment", name)));
        }, "{sandbox}", "Sandboxes of live workspaces");
        meter.CreateObservableGauge("playground.sandboxes.pooled", () =>
            environments.All.Select(e => new Measurement<int>(pool.Count(e.Name), new KeyValuePair<string, object?>("environment", e.Name))),
            "{sandbox}", "Warm sandboxes ready to hand out");
    }
}
