namespace Playground.Checks;

/// <summary>One condition's outcome.</summary>
public enum ConditionStatus
{
    /// <summary>Exited 0.</summary>
    Passed,
    /// <summary>Exited non-zero.</summary>
    Failed,
    /// <summary>Ran past the check's timeout and was killed.</summary>
    TimedOut,
    /// <summary>Could not run (environment gone).</summary>
    Error,
    /// <summary>Not run: a condition it needs did not pass.</summary>
    Skipped,
}
