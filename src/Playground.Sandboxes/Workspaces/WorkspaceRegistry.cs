using System.Collections.Concurrent;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// The live workspaces of this server, in memory (they change on every keystroke), with what is
/// attached to them in memory only: unsaved activity and a warm pool's pre-opened first shell.
/// Thread-safe; every change swaps in a new immutable <see cref="Workspace"/>.
/// </summary>
public sealed class WorkspaceRegistry
{
    private readonly ConcurrentDictionary<string, Workspace> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _activityDirty = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IShellProcess> _preopenedShells = new(StringComparer.Ordinal);

    /// <summary>A snapshot of every live workspace.</summary>
    public IReadOnlyCollection<Workspace> All => _live.Values.ToList();

    /// <summary>True when no workspace is live.</summary>
    public bool IsEmpty => _live.IsEmpty;

    /// <summary>Sandboxes held by live workspaces (what the server cap counts).</summary>
    public int SandboxCount => _live.Values.Sum(w => w.Sandboxes.Count);

    /// <summary>The live workspace with this id, or null.</summary>
    public Workspace? Get(string id) => _live.GetValueOrDefault(id);

    /// <summary>The learner's live workspace for the lesson, or null.</summary>
    public Workspace? Find(string learnerId, string lessonKey) =>
        _live.Values.FirstOrDefault(w => w.LearnerId == learnerId && w.LessonKey == lessonKey);

    /// <summary>The live workspace holding the sandbox, or null.</summary>
    public Workspace? FindBySandbox(string sandboxId) =>
        _live.Values.FirstOrDefault(w => w.Sandboxes.Any(s => s.SandboxId == sandboxId));

    /// <summary>The learner's live workspaces, oldest first.</summary>
    public IReadOnlyList<Workspace> ForLearner(string learnerId) =>
        _live.Values.Where(w => w.LearnerId == learnerId).OrderBy(w => w.CreatedAt).ToList();

    /// <summary>How many live workspaces the learner has.</summary>
    public int CountForLearner(string learnerId) => _live.Values.Count(w => w.LearnerId == learnerId);

    /// <summary>Adds (or replaces) a live workspace.</summary>
    public void Add(Workspace workspace) => _live[workspace.Id] = workspace;

    /// <summary>Swaps <paramref name="current"/> for <paramref name="updated"/>; false when someone changed it first.</summary>
    public bool TryUpdate(Workspace current, Workspace updated) => _live.TryUpdate(current.Id, updated, current);

    /// <summary>Removes the workspace and forgets its unsaved activity; null when it was not live.</summary>
    public Workspace? Remove(string id)
    {
        _activityDirty.TryRemove(id, out _);
        return _live.TryRemove(id, out var removed) ? removed : null;
    }

    /// <summary>Notes that the workspace's activity time changed and is not saved yet.</summary>
    public void MarkActivity(string id) => _activityDirty[id] = 0;

    /// <summary>Live workspaces whose activity changed since the last call (each reported once).</summary>
    public IReadOnlyList<Workspace> TakeUnsavedActivity()
    {
        var result = new List<Workspace>();
        foreach (var id in _activityDirty.Keys)
        {
            _activityDirty.TryRemove(id, out _);
            if (_live.TryGetValue(id, out var w)) result.Add(w);
        }
        return result;
    }

    /// <summary>Keeps the shell a pooled sandbox was started with, for the workspace's first terminal.</summary>
    public void AttachPreopenedShell(string id, IShellProcess shell) => _preopenedShells[id] = shell;

    /// <summary>The pre-opened shell, once; null when there is none (any more).</summary>
    public IShellProcess? TakePreopenedShell(string id) => _preopenedShells.TryRemove(id, out var shell) ? shell : null;
}
