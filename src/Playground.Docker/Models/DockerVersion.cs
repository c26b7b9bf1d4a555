using System.Text.Json.Serialization;

namespace Playground.Docker;

/// <summary>Answer of GET /version.</summary>
public sealed record DockerVersion
{
    public string Version { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    [JsonPropertyName("MinAPIVersion")]
    public string? MinAPIVersion { get; init; }
    public string? Os { get; init; }
    public string? Arch { get; init; }
    public string? KernelVersion { get; init; }
    public string? GitCommit { get; init; }
    public string? GoVersion { get; init; }
}
