using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// One learner's environment for one lesson: one or more sandboxes and the clocks that end it.
/// An immutable snapshot; the manager swaps in a new one on every change.
/// </summary>
public sealed record Workspace
{
    /// <summary>The workspace's id.</summary>
    public required string Id { get; init; }
    /// <summary>Its learner.</summary>
    public required string LearnerId { get; init; }
    /// <summary>Its lesson (<c>track/lesson</c>).</summary>
    public required string LessonKey { get; init; }
    /// <summary>Its environment.</summary>
    public required string Environment { get; init; }
    /// <summary>Second factor for terminal WebSockets, so a leaked id alone attaches nothing.</summary>
    public required string Token { get; init; }
    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it ends unless extended.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>The last input, check or page activity.</summary>
    public required DateTimeOffset LastActivity { get; init; }
    /// <summary>Whether its one extension was used.</summary>
    public bool Extended { get; init; }
    /// <summary>Ready or ended.</summary>
    public WorkspaceState State { get; init; } = WorkspaceState.Ready;
    /// <summary>Why it ended.</summary>
    public TerminationReason? EndReason { get; init; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Whether the learner was warned of the end.</summary>
    public bool Warned { get; init; }
    /// <summary>Its sandboxes.</summary>
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

    /// <summary>Whether it has not ended.</summary>
    public bool IsLive => State != WorkspaceState.Ended;
}

/// <summary>A workspace's state.</summary>
public enum WorkspaceState
{
    /// <summary>Its sandboxes run.</summary>
    Ready,
    /// <summary>It ended; see its end reason.</summary>
    Ended,
}
