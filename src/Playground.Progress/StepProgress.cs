namespace Playground.Progress;

public sealed record StepProgress(int Step, int Attempts, int Failures, DateTimeOffset? PassedAt, int HintsRevealed, DateTimeOffset? SolutionViewedAt = null)
{
    public bool Passed => PassedAt is not null;
}
