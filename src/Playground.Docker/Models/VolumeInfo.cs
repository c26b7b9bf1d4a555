namespace Playground.Docker;

/// <summary>A volume as POST /volumes/create and GET /volumes describe it.</summary>
public sealed record VolumeInfo
{
    public string Name { get; init; } = "";
    public string? Driver { get; init; }
    public string? Mountpoint { get; init; }
    public string? Scope { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

internal sealed record VolumeListResponse
{
    public IReadOnlyList<VolumeInfo>? Volumes { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
}
