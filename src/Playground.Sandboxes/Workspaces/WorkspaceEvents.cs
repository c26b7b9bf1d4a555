using System.Collections.Concurrent;

namespace Playground.Sandboxes.Workspaces;

/// <summary>Something that happened to a workspace.</summary>
public abstract record WorkspaceEvent(Workspace Workspace);
/// <summary>The workspace ends at <paramref name="EndsAt"/> unless extended or used.</summary>
public sealed record WorkspaceWarning(Workspace Workspace, DateTimeOffset EndsAt) : WorkspaceEvent(Workspace);
/// <summary>The workspace ended for <paramref name="Reason"/>.</summary>
public sealed record WorkspaceEnded(Workspace Workspace, TerminationReason Reason) : WorkspaceEvent(Workspace);
/// <summary>The workspace was extended.</summary>
public sealed record WorkspaceExtended(Workspace Workspace) : WorkspaceEvent(Workspace);

/// <summary>
/// Fan-out of workspace events to whoever holds that workspace open (terminal sessions, the page).
/// Per-workspace subscriptions keep a warning for one learner from waking 200 sockets.
/// </summary>
public sealed class WorkspaceEvents
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action<WorkspaceEvent>>> _subscribers = new();

    /// <summary>Calls <paramref name="handler"/> with every event of <paramref name="workspaceId"/> until disposed.</summary>
    public IDisposable Subscribe(string workspaceId, Action<WorkspaceEvent> handler)
    {
        var key = Guid.NewGuid();
        _subscribers.GetOrAdd(workspaceId, _ => new())[key] = handler;
        return new Subscription(() =>
        {
            if (_subscribers.TryGetValue(workspaceId, out var handlers))
                handlers.TryRemove(key, out _);
        });
    }

    private readonly ConcurrentDictionary<Guid, Action<WorkspaceEvent>> _all = new();

    /// <summary>Every workspace's events (bookkeeping that must forget ended workspaces).</summary>
    public IDisposable SubscribeAll(Action<WorkspaceEvent> handler)
    {
        var key = Guid.NewGuid();
        _all[key] = handler;
        return new Subscription(() => _all.TryRemove(key, out _));
    }

    /// <summary>Sends <paramref name="e"/> to its subscribers.</summary>
    public void Publish(WorkspaceEvent e)
    {
        foreach (var handler in _all.Values)
        {
            try { handler(e); }
            catch { /* a broken subscriber must not stop the others or the reaper */ }
        }
        if (!_subscribers.TryGetValue(e.Workspace.Id, out var handlers)) return;
        foreach (var handler in handlers.Values)
        {
            try { handler(e); }
            catch { /* a broken subscriber must not stop the others or the reaper */ }
        }
        if (e is WorkspaceEnded) _subscribers.TryRemove(e.Workspace.Id, out _);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose(); }
    }
}
