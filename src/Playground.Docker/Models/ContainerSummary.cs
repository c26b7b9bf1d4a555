namespace Playground.Docker;

/// <summary>One entry of GET /containers/json.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";
    /// <summary>Names with their leading "/".</summary>
    public IReadOnlyList<string> Names { get; init; } = [];
    public string Image { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>"created", "running", "exited"...</summary>
    public string State { get; init; } = "";
    /// <summary>Human text such as "Up 3 minutes".</summary>
    public string Status { get; init; } = "";
    /// <summary>Unix time in seconds.</summary>
    public long Created { get; init; }
}
