namespace Playground.Lessons;

/// <summary>How a step is verified. No conditions = nothing to check (a reading or quiz step).</summary>
public sealed record CheckPlan(CheckMode Mode, int TimeoutSeconds, bool ExpectInitialFail, IReadOnlyList<CheckCondition> Conditions)
{
    public const int DefaultTimeoutSeconds = 10;

    public static CheckPlan None { get; } = new(CheckMode.Click, DefaultTimeoutSeconds, true, []);

    public bool IsEmpty => Conditions.Count == 0;
}
