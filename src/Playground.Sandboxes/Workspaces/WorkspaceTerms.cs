namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// What a new workspace is created under, decided by whoever asks (the web layer knows cohorts; this layer does not):
/// its clocks and whose reserved capacity it may use.
/// </summary>
/// <param name="Group">
/// The admission group whose reserved seats the workspace may use: <see cref="Instructors"/>, <c>cohort:ID</c>
/// (<see cref="CohortGroup"/>), or null for open capacity only. Free seats that no group reserves are open to all.
/// </param>
/// <param name="IdleTimeout">The workspace's idle clock; null: <see cref="SandboxOptions.IdleTimeout"/>.</param>
/// <param name="Lifetime">The workspace's lifetime; null: <see cref="SandboxOptions.Lifetime"/>.</param>
public sealed record WorkspaceTerms(string? Group = null, TimeSpan? IdleTimeout = null, TimeSpan? Lifetime = null)
{
    /// <summary>The group of signed-in instructors (seats reserved by <see cref="SandboxOptions.ReservedInstructorSeats"/>).</summary>
    public const string Instructors = "instructors";

    /// <summary>Server defaults, open capacity.</summary>
    public static WorkspaceTerms Default { get; } = new();

    /// <summary>The admission group of a cohort's learners.</summary>
    public static string CohortGroup(string cohortId) => "cohort:" + cohortId;
}
