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

    /// <summary>
    /// This workspace's own idle clock (a cohort's override), persisted with it so a restart keeps it; null uses the
    /// server default that callers pass in.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>
    /// Whose reserved capacity the workspace uses (<see cref="WorkspaceTerms.Group"/>: <c>instructors</c>,
    /// <c>cohort:ID</c>), or null for open capacity. Persisted with the workspace.
    /// </summary>
    public string? AdmissionGroup { get; init; }

    /// <summary>The idle deadline: last activity plus the workspace's own idle clock, else <paramref name="idleTimeout"/> (the server default).</summary>
    public DateTimeOffset IdleExpiresAt(TimeSpan idleTimeout) => LastActivity + (IdleTimeout ?? idleTimeout);

    /// <summary>The moment the workspace ends unless something happens: the earlier of both clocks.</summary>
    public DateTimeOffset EndsAt(TimeSpan idleTimeout) => ExpiresAt < IdleExpiresAt(idleTimeout) ? ExpiresAt : IdleExpiresAt(idleTimeout);

    public bool IsLive => State != WorkspaceState.Ended;
}

public enum WorkspaceState { Ready, Ended }
