using System.Diagnostics.Metrics;
using Playground.Terminals.Sessions;

namespace Playground.Terminals;

/// <summary>
/// Terminal facts on the meter <see cref="MeterName"/>: <c>playground.terminals.open</c> (gauge: shells
/// running, attached or within their detach grace), <c>playground.terminals.connections</c> (up-down counter:
/// WebSockets attached now) and <c>playground.terminals.bytes</c> (counter, bytes, tag direction = in|out:
/// keystrokes from browsers and frames sent to them).
/// </summary>
public sealed class TerminalMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Playground.Terminals";

    private static readonly KeyValuePair<string, object?> In = new("direction", "in");
    private static readonly KeyValuePair<string, object?> Out = new("direction", "out");
    private readonly Counter<long> _bytes;
    private readonly UpDownCounter<long> _connections;

    /// <summary>Creates the instruments; the open-terminal gauge reads <paramref name="sessions"/>.</summary>
    public TerminalMetrics(IMeterFactory meters, TerminalSessions sessions)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("playground.terminals.open", () => sessions.Count, "{terminal}", "Terminal shells running");
        _connections = meter.CreateUpDownCounter<long>("playground.terminals.connections", "{connection}", "Terminal WebSockets attached");
        _bytes = meter.CreateCounter<long>("playground.terminals.bytes", "By", "Terminal bytes from browsers (in) and to them (out)");
    }

    /// <summary>Counts <paramref name="count"/> bytes of learner input.</summary>
    public void Input(int count) => _bytes.Add(count, In);

    /// <summary>Counts <paramref name="count"/> bytes sent to a browser.</summary>
    public void Output(int count) => _bytes.Add(count, Out);

    /// <summary>Counts an attached WebSocket until the returned scope is disposed.</summary>
    public IDisposable Connected()
    {
        _connections.Add(1);
        return new Scope(() => _connections.Add(-1));
    }

    private sealed class Scope(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose(); }
    }
}
