namespace Playground.Progress;

public sealed record StepProgress(int Step, int Attempts, int Failures, DateTimeOffset? PassedAt, int HintsRevealed)
{
    public bool Passed => PassedAt is not null;
}
