namespace Playground.Lessons;

/// <summary>How a step is verified. No conditions = nothing to check (a reading or quiz step).</summary>
public sealed record CheckPlan(CheckMode Mode, int TimeoutSeconds, bool ExpectInitialFail, IReadOnlyList<CheckCondition> Conditions)
{
    /// <summary>Seconds a check may run when the step sets no timeout.</summary>
    public const int DefaultTimeoutSeconds = 10;

    /// <summary>No conditions: the step has nothing to check.</summary>
    public static CheckPlan None { get; } = new(CheckMode.Click, DefaultTimeoutSeconds, true, []);

    /// <summary>Whether there is nothing to check.</summary>
    public bool IsEmpty => Conditions.Count == 0;
}
