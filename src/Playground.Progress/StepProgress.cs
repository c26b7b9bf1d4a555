namespace Playground.Progress;

/// <param name="SolvedWithHelpAt">When the learner first had the step solved for them ("Solve it for me"), else null.</param>
public sealed record StepProgress(int Step, int Attempts, int Failures, DateTimeOffset? PassedAt, int HintsRevealed,
    DateTimeOffset? SolutionViewedAt = null, DateTimeOffset? SolvedWithHelpAt = null)
{
    /// <summary>Whether the step passed.</summary>
    public bool Passed => PassedAt is not null;

    /// <summary>Passed, and the learner had "Solve it for me" run on it: a distinct state for the page and instructors.</summary>
    public bool SolvedWithHelp => Passed && SolvedWithHelpAt is not null;
}
