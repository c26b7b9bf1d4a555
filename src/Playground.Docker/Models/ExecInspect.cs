using System.Text.Json.Serialization;

namespace Playground.Docker;

/// <summary>Answer of GET /exec/{id}/json.</summary>
public sealed record ExecInspect
{
    [JsonPropertyName("ID")]
    public string Id { get; init; } = "";
    [JsonPropertyName("ContainerID")]
    public string? ContainerId { get; init; }
    public bool Running { get; init; }
    /// <summary>Null while the process runs.</summary>
    public int? ExitCode { get; init; }
    public int Pid { get; init; }
    public bool OpenStdin { get; init; }
    public bool OpenStdout { get; init; }
    public bool OpenStderr { get; init; }
}
