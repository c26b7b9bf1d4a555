namespace Playground.Checks;

/// <param name="FailText">The author's message for a failure; when absent the script's last
/// <c>FAIL:</c> line is shown.</param>
/// <param name="Needs">The id of an earlier condition that must pass for this one to run.</param>
public sealed record CheckCondition(string Id, string Script, string? FailText, string? Needs)
{
    /// <summary>Further earlier conditions that must all pass too (lessons may list several).</summary>
    public IReadOnlyList<string> MoreNeeds { get; init; } = [];

    /// <summary>Every condition id this one needs, the single <c>needs</c> first.</summary>
    public IEnumerable<string> AllNeeds => Needs is null ? MoreNeeds : [Needs, .. MoreNeeds];
}
