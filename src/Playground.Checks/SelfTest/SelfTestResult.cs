namespace Playground.Checks.SelfTest;

public enum SelfTestOutcome { Passed, Failed, Skipped }

/// <summary>One row of the self-test table: a lesson step (or the lesson as a whole for setup/skips).</summary>
public sealed record SelfTestRow(string Lesson, string Step, SelfTestOutcome Outcome, TimeSpan Elapsed, string? Detail = null);

public sealed record SelfTestReport(IReadOnlyList<SelfTestRow> Rows)
{
    public int Passed => Rows.Count(r => r.Outcome == SelfTestOutcome.Passed);
    public int Failed => Rows.Count(r => r.Outcome == SelfTestOutcome.Failed);
    public int Skipped => Rows.Count(r => r.Outcome == SelfTestOutcome.Skipped);
}
