using System.Diagnostics.Metrics;

namespace Playground.Checks;

/// <summary>
/// Check outcomes on the meter <see cref="MeterName"/>: <c>playground.checks</c> (counter, tag verdict =
/// passed|failed|error) and <c>playground.checks.duration</c> (histogram, seconds, tag verdict), recorded by
/// <see cref="CheckRunner"/> once per completed run (a cancelled run records nothing).
/// </summary>
public sealed class CheckMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Playground.Checks";

    private readonly Counter<long> _checks;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/>.</summary>
    public CheckMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _checks = meter.CreateCounter<long>("playground.checks", "{check}", "Checks run, by verdict");
        _duration = meter.CreateHistogram<double>("playground.checks.duration", "s", "Time to a check's verdict");
    }

    /// <summary>Records one check that ended in <paramref name="verdict"/> after <paramref name="elapsed"/>.</summary>
    public void Record(CheckVerdict verdict, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("verdict", verdict.ToString().ToLowerInvariant());
        _checks.Add(1, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
    }
}
