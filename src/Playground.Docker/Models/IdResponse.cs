namespace Playground.Docker;

/// <summary>The {"Id": ...} answer of the create endpoints.</summary>
internal sealed record IdResponse
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string>? Warnings { get; init; }
    public string? Warning { get; init; }
}
