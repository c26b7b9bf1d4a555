namespace Playground.Progress;

/// <summary>The counters of a step right after one check was recorded.</summary>
/// <param name="FirstPass">True only for the check that passed the step for the first time,
/// so the caller can react once (e.g. advance the lesson) even when checks race.</param>
public sealed record StepAttempt(int Step, int Attempts, int Failures, DateTimeOffset? PassedAt, bool FirstPass)
{
    /// <summary>Whether this attempt passed the step.</summary>
    public bool Passed => PassedAt is not null;
}
