namespace Playground.Docker;

/// <summary>One entry of GET /networks.</summary>
public sealed record NetworkSummary
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Driver { get; init; }
    public string? Scope { get; init; }
    public bool Internal { get; init; }
    public DateTimeOffset Created { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
