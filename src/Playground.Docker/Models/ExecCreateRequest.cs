namespace Playground.Docker;

/// <summary>Body of POST /containers/{id}/exec.</summary>
public sealed record ExecCreateRequest
{
    public required IReadOnlyList<string> Cmd { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    /// <summary>"KEY=value" entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }
    public bool? Tty { get; init; }
    public bool? AttachStdin { get; init; }
    public bool? AttachStdout { get; init; }
    public bool? AttachStderr { get; init; }
    public string? DetachKeys { get; init; }
}
