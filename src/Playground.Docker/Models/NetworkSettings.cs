using System.Text.Json.Serialization;

namespace Playground.Docker;

public sealed record NetworkSettings
{
    public string? IPAddress { get; init; }
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}

public sealed record EndpointSettings
{
    [JsonPropertyName("NetworkID")]
    public string? NetworkId { get; init; }
    public string? IPAddress { get; init; }
    public string? Gateway { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
}
