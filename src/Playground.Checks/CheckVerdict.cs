namespace Playground.Checks;

/// <summary>A check's outcome.</summary>
public enum CheckVerdict
{
    /// <summary>Every condition passed.</summary>
    Passed,
    /// <summary>A condition failed or timed out: the learner's to fix.</summary>
    Failed,
    /// <summary>The check could not run (environment gone): nobody's failure.</summary>
    Error,
}
