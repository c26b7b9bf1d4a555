namespace Playground.Checks;

/// <param name="Message">For the learner: why it did not pass (null when passed).</param>
/// <param name="Output">For authors: stdout then stderr, raw (escape before showing as HTML), capped
/// at <see cref="CheckOptions.OutputLimitBytes"/> with a <c>[truncated]</c> marker.</param>
public sealed record ConditionResult(string Id, ConditionStatus Status, string? Message, string Output, TimeSpan Elapsed);
