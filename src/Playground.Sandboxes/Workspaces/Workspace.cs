using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// One learner's environment for one lesson: one or more sandboxes and the clocks that end it.
/// An immutable snapshot; the manager swaps in a new one on every change.
/// </summary>
public sealed record Workspace
{
    public required string Id { get; init; }
    public required string LearnerId { get; init; }
    public required string LessonKey { get; init; }
    public required string Environment { get; init; }
    /// <summary>Second factor for terminal WebSockets, so a leaked id alone attaches nothing.</summary>
    public required string Token { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required DateTimeOffset LastActivity { get; init; }
    public bool Extended { get; init; }
    public WorkspaceState State { get; init; } = WorkspaceState.Ready;
    public TerminationReason? EndReason { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public bool Warned { get; init; }
    public IReadOnlyList<SandboxHandle> Sandboxes { get; init; } = [];

    public DateTimeOffset IdleExpiresAt(TimeSpan idleTimeout) => LastActivity + idleTimeout;

    /// <summary>The moment the workspace ends unless something happens: the earlier of both clocks.</summary>
    public DateTimeOffset EndsAt(TimeSpan idleTimeout) => ExpiresAt < IdleExpiresAt(idleTimeout) ? ExpiresAt : IdleExpiresAt(idleTimeout);

    public bool IsLive => State != WorkspaceState.Ended;
}

public enum WorkspaceState { Ready, Ended }
