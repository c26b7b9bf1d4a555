using Microsoft.Extensions.Options;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Queue;

/// <summary>
/// How often seats free up: the moments workspaces ended within <see cref="SandboxOptions.QueueEstimateWindow"/>, in
/// memory (a restart forgets them and the estimate says "unknown" until two ends were seen). The wait of the learner
/// at position N is estimated as N times the mean interval between those ends.
/// </summary>
public sealed class SessionEndRate : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _ends = new();
    private readonly IOptions<SandboxOptions> _options;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    /// <summary>Counts every <see cref="WorkspaceEnded"/> published on <paramref name="events"/>.</summary>
    public SessionEndRate(WorkspaceEvents events, IOptions<SandboxOptions> options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _subscription = events.SubscribeAll(e =>
        {
            if (e is WorkspaceEnded) Record(_time.GetUtcNow());
        });
    }

    /// <summary>Notes one session end at <paramref name="at"/>.</summary>
    public void Record(DateTimeOffset at)
    {
        lock (_lock)
        {
            _ends.Enqueue(at);
            Trim(at);
        }
    }

    /// <summary>Mean time between recent session ends; null when fewer than two ends fall in the window.</summary>
    public TimeSpan? MeanInterval
    {
        get
        {
            lock (_lock)
            {
                Trim(_time.GetUtcNow());
                if (_ends.Count < 2) return null;
                return (_ends.Last() - _ends.Peek()) / (_ends.Count - 1);
            }
        }
    }

    /// <summary>Estimated wait in whole seconds for the learner at 1-based <paramref name="position"/>; null when unknown.</summary>
    public int? EstimateSeconds(int position) =>
        MeanInterval is { } interval ? (int)Math.Ceiling(Math.Max(1, interval.TotalSeconds) * position) : null;

    private void Trim(DateTimeOffset now)
    {
        // Bounded both by age and by count: 200 recent ends say as much as more would.
        while (_ends.Count > 0 && (now - _ends.Peek() > _options.Value.QueueEstimateWindow || _ends.Count > 200)) _ends.Dequeue();
    }

    /// <inheritdoc />
    public void Dispose() => _subscription.Dispose();
}
