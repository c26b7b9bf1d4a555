namespace Playground.Lessons;

/// <summary>When the "Show solution" button is offered for a step.</summary>
public enum ShowSolutionPolicy
{
    /// <summary>After the learner's first failed check (default).</summary>
    AfterFailure,
    /// <summary>The solution is shown from the start.</summary>
    Always,
    /// <summary>The solution is never shown.</summary>
    Never,
}
