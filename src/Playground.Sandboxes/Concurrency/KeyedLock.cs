namespace Playground.Sandboxes.Concurrency;

/// <summary>
/// One async mutex per key (a learner's lesson, a terminal, a workspace's checks), created on
/// first use and dropped when its last holder or waiter leaves, so the map never outgrows the keys
/// in use. Not reentrant.
/// </summary>
/// <typeparam name="TKey">The key; compared with the comparer given to the constructor.</typeparam>
public sealed class KeyedLock<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries;
    private readonly Lock _lock = new();

    /// <summary>A lock map comparing keys with <paramref name="comparer"/> (default: the key type's equality).</summary>
    public KeyedLock(IEqualityComparer<TKey>? comparer = null) => _entries = new Dictionary<TKey, Entry>(comparer);

    /// <summary>Keys currently held or waited for: zero once everyone has left.</summary>
    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <summary>
    /// Waits for the key's lock. Dispose the result to release it. Throws
    /// <see cref="OperationCanceledException"/> (holding nothing) when <paramref name="ct"/> is cancelled first.
    /// </summary>
    public async Task<IDisposable> AcquireAsync(TKey key, CancellationToken ct)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!)) _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(key, entry, held: false);
            throw;
        }
        return new Holder(this, key, entry);
    }

    private void Leave(TKey key, Entry entry, bool held)
    {
        lock (_lock)
        {
            if (held) entry.Gate.Release();
            if (--entry.Users == 0) _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int Users;
    }

    private sealed class Holder(KeyedLock<TKey> owner, TKey key, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner.Leave(key, entry, held: true);
        }
    }
}
