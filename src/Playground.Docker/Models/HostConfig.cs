namespace Playground.Docker;

/// <summary>Container host configuration, used both when creating and in inspect answers.</summary>
public sealed record HostConfig
{
    /// <summary>Bytes.</summary>
    public long? Memory { get; init; }
    /// <summary>Memory + swap in bytes; equal to <see cref="Memory"/> disables swap, -1 is unlimited.</summary>
    public long? MemorySwap { get; init; }
    /// <summary>CPU quota in units of 1e-9 CPUs.</summary>
    public long? NanoCpus { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    /// <summary>"none", "bridge", "host" or a network name.</summary>
    public string? NetworkMode { get; init; }
    /// <summary>Mount path to mount options, e.g. "/tmp" -> "size=64m,exec".</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }
    public IReadOnlyList<Mount>? Mounts { get; init; }
    /// <summary>"source:target[:options]" entries.</summary>
    public IReadOnlyList<string>? Binds { get; init; }
    public bool? ReadonlyRootfs { get; init; }
    public bool? OomKillDisable { get; init; }
    /// <summary>Run an init (tini) as PID 1 that reaps zombies.</summary>
    public bool? Init { get; init; }
    public bool? AutoRemove { get; init; }
    /// <summary>"private" or "host".</summary>
    public string? CgroupnsMode { get; init; }
    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }
    /// <summary>Size of /dev/shm in bytes.</summary>
    public long? ShmSize { get; init; }
    /// <summary>Present because inspect answers carry it; Playground never sets it to true.</summary>
    public bool? Privileged { get; init; }
    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? ExtraHosts { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
}
