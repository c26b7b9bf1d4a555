using System.Text.Json.Serialization;

namespace Playground.Docker;

/// <summary>One message of GET /events.</summary>
public sealed record DockerEvent
{
    /// <summary>"container", "network", "volume", "image"...</summary>
    public string Type { get; init; } = "";
    /// <summary>"create", "start", "die", "oom", "kill", "destroy"...; exec events look like "exec_start: sh".</summary>
    public string Action { get; init; } = "";
    public EventActor Actor { get; init; } = new();
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }
    /// <summary>Unix time in seconds.</summary>
    [JsonPropertyName("time")]
    public long Time { get; init; }
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; init; }

    [JsonIgnore]
    public DateTimeOffset Timestamp => TimeNano > 0
        ? DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100)
        : DateTimeOffset.FromUnixTimeSeconds(Time);
}

public sealed record EventActor
{
    [JsonPropertyName("ID")]
    public string Id { get; init; } = "";
    /// <summary>For containers: name, image, exitCode (on die) and the container's labels.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
