namespace Playground.Docker;

/// <summary>Answer of GET /containers/{id}/json (the members Playground uses).</summary>
public sealed record ContainerInspect
{
    public string Id { get; init; } = "";
    /// <summary>The engine's name, with its leading "/".</summary>
    public string Name { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    /// <summary>Id of the image the container was created from.</summary>
    public string? Image { get; init; }
    public string? Path { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public int RestartCount { get; init; }
    public ContainerState State { get; init; } = new();
    public ContainerConfig Config { get; init; } = new();
    public HostConfig? HostConfig { get; init; }
    public NetworkSettings? NetworkSettings { get; init; }
}
