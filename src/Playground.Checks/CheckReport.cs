namespace Playground.Checks;

/// <param name="Verdict">Passed only when every condition passed; Error when some condition could not run
/// (the environment is gone), so the learner is told to retry rather than that the work is wrong.</param>
public sealed record CheckReport(CheckVerdict Verdict, IReadOnlyList<ConditionResult> Conditions, TimeSpan Elapsed);
