namespace Playground.Checks.SelfTest;

/// <summary>A self-test row's outcome.</summary>
public enum SelfTestOutcome
{
    /// <summary>As the author meant.</summary>
    Passed,
    /// <summary>Not as the author meant.</summary>
    Failed,
    /// <summary>Not run (the environment is unavailable).</summary>
    Skipped,
}

/// <summary>One row of the self-test table: a lesson step (or the lesson as a whole for setup/skips).</summary>
public sealed record SelfTestRow(string Lesson, string Step, SelfTestOutcome Outcome, TimeSpan Elapsed, string? Detail = null);

/// <summary>All rows of a self-test run, in order.</summary>
public sealed record SelfTestReport(IReadOnlyList<SelfTestRow> Rows)
{
    /// <summary>Rows that passed.</summary>
    public int Passed => Rows.Count(r => r.Outcome == SelfTestOutcome.Passed);
    /// <summary>Rows that failed.</summary>
    public int Failed => Rows.Count(r => r.Outcome == SelfTestOutcome.Failed);
    /// <summary>Rows skipped (with their reason).</summary>
    public int Skipped => Rows.Count(r => r.Outcome == SelfTestOutcome.Skipped);
}
