namespace Playground.Docker;

/// <summary>One entry of HostConfig.Mounts.</summary>
public sealed record Mount
{
    /// <summary>"volume", "bind" or "tmpfs" (see <see cref="MountTypes"/>).</summary>
    public required string Type { get; init; }
    /// <summary>Volume name or host path; omit for an anonymous volume or a tmpfs.</summary>
    public string? Source { get; init; }
    public required string Target { get; init; }
    public bool? ReadOnly { get; init; }
    public VolumeOptions? VolumeOptions { get; init; }
    public TmpfsOptions? TmpfsOptions { get; init; }
}

public static class MountTypes
{
    public const string Volume = "volume";
    public const string Bind = "bind";
    public const string Tmpfs = "tmpfs";
}

/// <summary>Options of a volume mount; Labels are applied when the mount creates the volume.</summary>
public sealed record VolumeOptions
{
    public bool? NoCopy { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

public sealed record TmpfsOptions
{
    public long? SizeBytes { get; init; }
    /// <summary>Unix permission bits, e.g. 1777 octal = 1023.</summary>
    public int? Mode { get; init; }
}
