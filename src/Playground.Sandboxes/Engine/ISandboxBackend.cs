using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Engine;

/// <summary>
/// The one narrow interface every sandbox backend implements (local Docker today; a remote engine
/// or another runtime later). Everything above it — workspaces, pool, terminals, checks — speaks
/// only these verbs.
/// </summary>
public interface ISandboxBackend
{
    /// <summary>Creates, starts and waits for readiness. Cleans up after itself when it fails.</summary>
    Task<SandboxHandle> StartAsync(EnvironmentSpec spec, string sandboxId, CancellationToken ct);

    /// <summary>Reports whether the sandbox still runs, and if not, why it stopped.</summary>
    Task<SandboxStatus> PollAsync(SandboxHandle sandbox, CancellationToken ct);

    /// <summary>Removes the sandbox and its volumes. Idempotent.</summary>
    Task StopAsync(SandboxHandle sandbox, CancellationToken ct);

    /// <summary>Runs a non-interactive command; output beyond the limit is dropped and flagged.</summary>
    Task<SandboxExecResult> ExecAsync(SandboxHandle sandbox, SandboxExecRequest request, CancellationToken ct);

    /// <summary>Starts an interactive TTY process (a learner's shell).</summary>
    Task<IShellProcess> OpenShellAsync(SandboxHandle sandbox, ShellRequest request, CancellationToken ct);

    /// <summary>Every sandbox of this instance the backend can see, for adoption after a restart.</summary>
    Task<IReadOnlyList<OwnedSandbox>> ListOwnedAsync(CancellationToken ct);

    /// <summary>Removes volumes and networks of this instance that no sandbox uses any more.</summary>
    Task<int> RemoveOrphanedResourcesAsync(CancellationToken ct);
}

public sealed record OwnedSandbox(SandboxHandle Handle, bool Running);

public sealed record SandboxHandle(string SandboxId, string ContainerId, string Environment, DateTimeOffset CreatedAt);

public enum SandboxRunState { Running, Exited, OutOfMemory, Gone }

public sealed record SandboxStatus(SandboxRunState State, long? ExitCode = null, string? Error = null);

public sealed record SandboxExecRequest(IReadOnlyList<string> Command, string? User = null, int OutputLimitBytes = 1 << 20)
{
    /// <summary>
    /// A bash script killed after <paramref name="timeout"/> by coreutils `timeout` inside the
    /// sandbox, so a runaway script dies with its exec instead of lingering (exit 137 when killed).
    /// </summary>
    public static SandboxExecRequest Script(string script, TimeSpan timeout, int outputLimitBytes = 16 * 1024, string? user = null) => new(
        ["timeout", "-s", "KILL", Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), "bash", "-c", script],
        user,
        outputLimitBytes);

    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

public sealed record SandboxExecResult(long ExitCode, string Stdout, string Stderr, bool Truncated);

public sealed record ShellRequest(IReadOnlyList<string> Command, string User, string WorkingDirectory, int Columns, int Rows)
{
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>An interactive process attached to a TTY: one raw byte stream both ways.</summary>
public interface IShellProcess : IAsyncDisposable
{
    string ExecId { get; }
    Stream Stream { get; }
    Task ResizeAsync(int columns, int rows, CancellationToken ct);
    /// <summary>Exit code once the process has ended; null while it runs.</summary>
    Task<long?> GetExitCodeAsync(CancellationToken ct);
}
