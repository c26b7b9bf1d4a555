namespace Playground.Sandboxes.Environments;

/// <summary>
/// A named sandbox kind, declared in <c>sandbox-images/&lt;name&gt;/environment.yaml</c>.
/// Everything the engine needs to start, harden and probe one sandbox of this kind.
/// </summary>
public sealed record EnvironmentSpec
{
    /// <summary>The environment's name (its folder).</summary>
    public required string Name { get; init; }
    /// <summary>One line for learners.</summary>
    public string Description { get; init; } = "";
    /// <summary>The image sandboxes start from.</summary>
    public required string Image { get; init; }
    /// <summary>The user shells run as.</summary>
    public string User { get; init; } = "root";
    /// <summary>The directory shells start in.</summary>
    public string WorkingDirectory { get; init; } = "/";
    /// <summary>The shell command.</summary>
    public IReadOnlyList<string> Shell { get; init; } = ["/bin/bash", "-l"];
    /// <summary>Main process; null keeps the image's ENTRYPOINT/CMD.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary>The sandbox's host name.</summary>
    public string Hostname { get; init; } = "playground";
    /// <summary>Whether a minimal init reaps zombies as PID 1.</summary>
    public bool Init { get; init; } = true;
    /// <summary>What says the sandbox is ready.</summary>
    public ReadinessProbe Ready { get; init; } = ReadinessProbe.AlwaysReady;
    /// <summary>The sandbox's network.</summary>
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
    /// <summary>Whether AppArmor is off for the sandbox.</summary>
    public bool AppArmorUnconfined { get; init; }
    /// <summary>Whether <c>no-new-privileges</c> is set.</summary>
    public bool NoNewPrivileges { get; init; } = true;
    /// <summary>Capabilities added, each with why.</summary>
    public IReadOnlyList<Capability> Capabilities { get; init; } = [];
    /// <summary>tmpfs mounts.</summary>
    public IReadOnlyList<TmpfsMount> Tmpfs { get; init; } = [];
    /// <summary>Volumes (one per sandbox, removed with it).</summary>
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    /// <summary>Memory, CPU and pids limits.</summary>
    public ResourceLimits Limits { get; init; } = new();
    /// <summary>Environment variables of every process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>"private" gives the sandbox its own cgroup namespace (needed by nested engines).</summary>
    public string? CgroupnsMode { get; init; }
    /// <summary>The image's entrypoint remounts /sys/fs/cgroup read-write (nested engines); needs SYS_ADMIN.</summary>
    public bool CgroupWritable { get; init; }
    /// <summary>Namespaced sysctls set at start.</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    /// <summary>Warm pool size (0: none).</summary>
    public int PoolSize { get; init; }
    /// <summary>Images the sandbox's own engine starts with (docker environment).</summary>
    public IReadOnlyList<string> PreloadedImages { get; init; } = [];
    /// <summary>Shown to learners when the image is not built.</summary>
    public string? UnavailableHint { get; init; }
    /// <summary>Folder the spec was loaded from; the image is built from its Dockerfile.</summary>
    public string? Directory { get; init; }
}

/// <summary>A sandbox's network.</summary>
public enum NetworkMode
{
    /// <summary>Loopback only.</summary>
    None,
    /// <summary>The engine's bridge (outbound network).</summary>
    Bridge,
}

/// <summary>A capability the environment adds, and why it needs it.</summary>
public sealed record Capability(string Name, string Why);

/// <summary>A tmpfs at <paramref name="Path"/> of <paramref name="SizeBytes"/> bytes with mount <paramref name="Options"/>.</summary>
public sealed record TmpfsMount(string Path, long SizeBytes, string? Options);

/// <summary>A volume at <paramref name="Path"/>.</summary>
public sealed record VolumeMount(string Path);

/// <summary>A sandbox's limits.</summary>
public sealed record ResourceLimits
{
    /// <summary>Memory limit in bytes (512 MiB).</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;
    /// <summary>CPUs (1.0 = one core's time).</summary>
    public double Cpus { get; init; } = 1.0;
    /// <summary>Most processes and threads.</summary>
    public long Pids { get; init; } = 1000;
}

/// <summary>Command exec'd as root until it exits 0; a sandbox is handed out only after it does.</summary>
public sealed record ReadinessProbe(IReadOnlyList<string> Command, TimeSpan Interval, TimeSpan Timeout)
{
    /// <summary>Always ready (runs <c>true</c>).</summary>
    public static ReadinessProbe AlwaysReady { get; } = new(["true"], TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30));

    /// <summary>
    /// `true` as a probe proves nothing a started container hasn't already proven, so the engine
    /// skips the exec round-trip for it; that exec is a measurable slice of time-to-prompt.
    /// </summary>
    public bool IsTrivial => Command is ["true"] or ["/bin/true"];
}
