namespace Playground.Sandboxes.Environments;

/// <summary>
/// A named sandbox kind, declared in <c>sandbox-images/&lt;name&gt;/environment.yaml</c>.
/// Everything the engine needs to start, harden and probe one sandbox of this kind.
/// </summary>
public sealed record EnvironmentSpec
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string Image { get; init; }
    public string User { get; init; } = "root";
    public string WorkingDirectory { get; init; } = "/";
    public IReadOnlyList<string> Shell { get; init; } = ["/bin/bash", "-l"];
    /// <summary>Main process; null keeps the image's ENTRYPOINT/CMD.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    public string Hostname { get; init; } = "playground";
    public bool Init { get; init; } = true;
    public ReadinessProbe Ready { get; init; } = ReadinessProbe.AlwaysReady;
    public NetworkMode Network { get; init; } = NetworkMode.None;
    /// <summary>
    /// seccomp: unconfined. With SYS_ADMIN that is host-root-equivalent, so such environments run only where
    /// Playground:Sandboxes:AllowUnconfinedEnvironments is true.
    /// </summary>
    public bool SeccompUnconfined { get; init; }
    /// <summary>
    /// <c>seccomp: file.json</c>: full path of a file holding rules ADDED to Docker's default profile
    /// (<c>{"syscalls": [...]}</c>); null for Docker's default or unconfined.
    /// </summary>
    public string? SeccompAdditionsFile { get; init; }
    /// <summary>
    /// The complete seccomp profile (JSON) sent to the engine: Docker's default plus <see cref="SeccompAdditionsFile"/>.
    /// Set by <see cref="EnvironmentCatalog"/> when it loads the spec; null uses the engine's built-in default.
    /// </summary>
    public string? SeccompProfile { get; init; }
    public bool AppArmorUnconfined { get; init; }
    public bool NoNewPrivileges { get; init; } = true;
    public IReadOnlyList<Capability> Capabilities { get; init; } = [];
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    public ResourceLimits Limits { get; init; } = new();
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>"private" gives the sandbox its own cgroup namespace (needed by nested engines).</summary>
    public string? CgroupnsMode { get; init; }
    /// <summary>The image's entrypoint remounts /sys/fs/cgroup read-write (nested engines); needs SYS_ADMIN.</summary>
    public bool CgroupWritable { get; init; }
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    public int PoolSize { get; init; }
    public IReadOnlyList<string> PreloadedImages { get; init; } = [];
    public string? UnavailableHint { get; init; }
    /// <summary>Folder the spec was loaded from; the image is built from its Dockerfile.</summary>
    public string? Directory { get; init; }
}

public enum NetworkMode { None, Bridge }

public sealed record Capability(string Name, string Why);

public sealed record TmpfsMount(string Path, long SizeBytes, string? Options);

public sealed record VolumeMount(string Path);

public sealed record ResourceLimits
{
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;
    public double Cpus { get; init; } = 1.0;
    public long Pids { get; init; } = 1000;
}

/// <summary>Command exec'd as root until it exits 0; a sandbox is handed out only after it does.</summary>
public sealed record ReadinessProbe(IReadOnlyList<string> Command, TimeSpan Interval, TimeSpan Timeout)
{
    public static ReadinessProbe AlwaysReady { get; } = new(["true"], TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30));

    /// <summary>
    /// `true` as a probe proves nothing a started container hasn't already proven, so the engine
    /// skips the exec round-trip for it; that exec is a measurable slice of time-to-prompt.
    /// </summary>
    public bool IsTrivial => Command is ["true"] or ["/bin/true"];
}
