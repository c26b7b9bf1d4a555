namespace Playground.Docker;

/// <summary>Answer of GET /images/{name}/json (the members Playground uses).</summary>
public sealed record ImageInspect
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string>? RepoTags { get; init; }
    public DateTimeOffset Created { get; init; }
    public long Size { get; init; }
    public string? Os { get; init; }
    public string? Architecture { get; init; }
    public ImageConfig? Config { get; init; }
}

public sealed record ImageConfig
{
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
