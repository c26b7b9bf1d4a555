namespace Playground.Terminals.Sessions;

/// <summary>
/// Backpressure between the shell and the browser: output sent but not yet acknowledged. The
/// reader pauses above the high-water mark and resumes below the low one, so a flood waits in
/// the shell's own pipe (where Ctrl-C can stop it) instead of in socket buffers and xterm.
/// </summary>
public sealed class OutputCredit(long highWater, long lowWater)
{
    private readonly Lock _lock = new();
    private long _unacked;
    private TaskCompletionSource? _resume;

    /// <summary>Bytes sent and not yet acknowledged.</summary>
    public long Unacknowledged { get { lock (_lock) return _unacked; } }

    /// <summary>Counts <paramref name="bytes"/> sent.</summary>
    public void Sent(int bytes)
    {
        lock (_lock) _unacked += bytes;
    }

    /// <summary>Counts <paramref name="bytes"/> acknowledged; wakes the reader below the low-water mark.</summary>
    public void Acknowledged(uint bytes)
    {
        TaskCompletionSource? resume = null;
        lock (_lock)
        {
            // A client may not acknowledge more than it was sent; clamp rather than go negative.
            _unacked = Math.Max(0, _unacked - bytes);
            if (_unacked < lowWater) (resume, _resume) = (_resume, null);
        }
        resume?.TrySetResult();
    }

    /// <summary>No client is attached: nobody can acknowledge, so nothing may be owed.</summary>
    public void Reset()
    {
        TaskCompletionSource? resume;
        lock (_lock)
        {
            _unacked = 0;
            (resume, _resume) = (_resume, null);
        }
        resume?.TrySetResult();
    }

    /// <summary>Completes when unacknowledged output is below the high-water mark.</summary>
    public Task WaitForCreditAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_unacked <= highWater) return Task.CompletedTask;
            _resume ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _resume.Task.WaitAsync(ct);
        }
    }
}
