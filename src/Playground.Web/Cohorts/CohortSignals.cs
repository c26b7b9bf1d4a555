namespace Playground.Web.Cohorts;

/// <summary>
/// "Something about this learner changed" (a check, a hint, a session started or ended, a join): the
/// instructor dashboards listen and push a fresh grid. In-process, like the server's other live state.
/// </summary>
internal sealed class CohortSignals
{
    private readonly Lock _lock = new();
    private Action<string>[] _listeners = [];

    public IDisposable Listen(Action<string> onLearnerChanged)
    {
        lock (_lock) _listeners = [.. _listeners, onLearnerChanged];
        return new Unsubscribe(() => { lock (_lock) _listeners = _listeners.Where(l => l != onLearnerChanged).ToArray(); });
    }

    public void Changed(string learnerId)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try { listener(learnerId); }
            catch { /* a broken dashboard must not break a learner's request */ }
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) action(); }
    }
}
