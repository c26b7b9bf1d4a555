namespace Playground.Cohorts;

/// <summary>An instructor account. <see cref="HasPassword"/> is false until the one-time link was used.</summary>
public sealed record Instructor(string Id, string Name, bool HasPassword, DateTimeOffset CreatedAt);

/// <summary>Where a cohort's clock stands for a given moment.</summary>
public enum CohortWindow
{
    /// <summary>Before its start.</summary>
    NotStarted,
    /// <summary>Between start and end.</summary>
    Open,
    /// <summary>After its end.</summary>
    Ended,
}

/// <summary>
/// A class of learners. <see cref="Opens"/> lists tracks (<c>docker</c>) or lessons (<c>docker/images</c>) it
/// opens; empty means every lesson. Times are UTC; a null start or end is unbounded. A null
/// <see cref="JoinCode"/> means the cohort is closed to new learners. Null quota/clocks use the server defaults.
/// </summary>
public sealed record Cohort(
    string Id, string Name, IReadOnlyList<string> Opens, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    int SeatLimit, int? SandboxQuota, TimeSpan? IdleTimeout, TimeSpan? Lifetime, string? JoinCode,
    string CreatedBy, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Seats (sandboxes) held for this cohort's learners while its window is open: others cannot fill them, so the
    /// class is admitted before open learners fill the machine. 0 (default) reserves nothing; at most <see cref="SeatLimit"/>.
    /// </summary>
    public int ReservedSeats { get; init; }

    /// <summary>Whether the cohort opens lesson <paramref name="lessonKey"/> (<c>track/lesson</c>).</summary>
    public bool OpensLesson(string lessonKey) =>
        Opens.Count == 0 || Opens.Any(o => o == lessonKey || lessonKey.StartsWith(o + "/", StringComparison.Ordinal));

    /// <summary>Where the cohort's window stands at <paramref name="now"/>.</summary>
    public CohortWindow WindowAt(DateTimeOffset now) =>
        StartsAt is { } start && now < start ? CohortWindow.NotStarted
        : EndsAt is { } end && now >= end ? CohortWindow.Ended
        : CohortWindow.Open;
}

/// <summary>What an instructor fills in to create or change a cohort (validated by <see cref="CohortRules"/>).</summary>
public sealed record CohortDraft(
    string Name, IReadOnlyList<string> Opens, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int SeatLimit,
    int? SandboxQuota = null, TimeSpan? IdleTimeout = null, TimeSpan? Lifetime = null)
{
    /// <summary>See <see cref="Cohort.ReservedSeats"/>.</summary>
    public int ReservedSeats { get; init; }
}

/// <summary>A learner's membership. <see cref="ResumeCode"/> signs the same learner in on another device.</summary>
public sealed record CohortMember(string LearnerId, string CohortId, string DisplayName, string ResumeCode, DateTimeOffset JoinedAt);

/// <summary>One recorded instructor action (who, what, when).</summary>
public sealed record InstructorAction(long Id, string InstructorId, string InstructorName, string? CohortId, string Action, string? Target, string? Detail, DateTimeOffset At);

/// <summary>A refused cohort operation, with a message fit to show the user.</summary>
public sealed class CohortException(string message, CohortRefusal refusal) : Exception(message)
{
    /// <summary>Why the operation was refused.</summary>
    public CohortRefusal Refusal { get; } = refusal;
}

/// <summary>Why a cohort operation was refused.</summary>
public enum CohortRefusal
{
    /// <summary>Bad input.</summary>
    Invalid,
    /// <summary>No such cohort, member or code.</summary>
    NotFound,
    /// <summary>The cohort is closed to joining.</summary>
    Closed,
    /// <summary>Every seat is taken.</summary>
    Full,
    /// <summary>It clashes with existing data (a name in use).</summary>
    Conflict,
}
