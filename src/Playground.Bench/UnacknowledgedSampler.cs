using Playground.Terminals.Sessions;

namespace Playground.Bench;

/// <summary>
/// Samples the server-side session's unacknowledged output every millisecond or so and keeps the
/// peak: the figure flow control promises to bound.
/// </summary>
internal sealed class UnacknowledgedSampler : IAsyncDisposable
{
    private readonly TerminalSession _session;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public UnacknowledgedSampler(TerminalSession session)
    {
        _session = session;
        _loop = Task.Run(LoopAsync);
    }

    public long Peak => Interlocked.Read(ref _peak);

    public void Reset() => Interlocked.Exchange(ref _peak, 0);

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = _session.Unacknowledged;
                if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                await Task.Delay(1, _stop.Token);
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
