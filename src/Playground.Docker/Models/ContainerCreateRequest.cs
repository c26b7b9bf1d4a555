namespace Playground.Docker;

/// <summary>Body of POST /containers/create. Null members are omitted, so the engine's defaults apply.</summary>
public sealed record ContainerCreateRequest
{
    public required string Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>"KEY=value" entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public bool? Tty { get; init; }
    public bool? OpenStdin { get; init; }
    public bool? StdinOnce { get; init; }
    public bool? AttachStdin { get; init; }
    public bool? AttachStdout { get; init; }
    public bool? AttachStderr { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public bool? NetworkDisabled { get; init; }
    public HostConfig? HostConfig { get; init; }
}
