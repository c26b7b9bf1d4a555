using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Backends;

/// <summary>
/// The one narrow interface every sandbox backend implements (JupyterHub's Spawner is the model):
/// the local Docker engine today, a dedicated engine or Kubernetes pods later, an in-process
/// stand-in for fast tests. Everything above it (workspaces, pool, terminals, checks) speaks only
/// these verbs and sandbox terms. Backends throw only <see cref="SandboxException"/> subtypes
/// (and <see cref="OperationCanceledException"/>); their own error types never leave them.
/// </summary>
public interface ISandboxBackend
{
    /// <summary>Whether sandboxes of <paramref name="spec"/> can start here (image present, engine reachable), and if not why.</summary>
    Task<EnvironmentAvailability> GetAvailabilityAsync(EnvironmentSpec spec, CancellationToken ct);

    /// <summary>
    /// Creates and starts a sandbox and waits for its readiness probe. Cleans up after itself when
    /// it fails, then throws <see cref="SandboxStartException"/> with the reason.
    /// </summary>
    Task<SandboxHandle> StartAsync(EnvironmentSpec spec, string sandboxId, CancellationToken ct);

    /// <summary>Whether the sandbox still runs, and if not, why it stopped. Never throws for a missing sandbox (that is <see cref="SandboxRunState.Gone"/>).</summary>
    Task<SandboxStatus> GetStatusAsync(SandboxHandle sandbox, CancellationToken ct);

    /// <summary>Removes the sandbox and its volumes. Idempotent: removing a gone sandbox succeeds.</summary>
    Task RemoveAsync(SandboxHandle sandbox, CancellationToken ct);

    /// <summary>
    /// Runs a non-interactive command with stdout and stderr kept apart, each cut at
    /// <see cref="SandboxExecRequest.OutputLimitBytes"/>. When <see cref="SandboxExecRequest.Timeout"/>
    /// is set the command is killed at that deadline inside the sandbox and the result says so.
    /// Throws <see cref="SandboxGoneException"/> or <see cref="SandboxNotRunningException"/>.
    /// </summary>
    Task<SandboxExecResult> RunAsync(SandboxHandle sandbox, SandboxExecRequest request, CancellationToken ct);

    /// <summary>Starts an interactive process on a terminal (a learner's shell): one raw byte stream both ways.</summary>
    Task<IShellProcess> StartShellAsync(SandboxHandle sandbox, ShellRequest request, CancellationToken ct);

    /// <summary>
    /// A duplex byte stream to TCP <c>127.0.0.1:<paramref name="port"/></c> inside the sandbox (for web previews):
    /// writes reach the server listening there, reads return its answer, 0 once it closed the connection.
    /// The sandbox keeps no network of its own: the stream runs through the backend (an exec with a small
    /// forwarder in the Docker backend). Disposing closes the connection. Throws
    /// <see cref="SandboxPortClosedException"/> when nothing listens on the port, <see cref="SandboxGoneException"/>
    /// or <see cref="SandboxNotRunningException"/>.
    /// </summary>
    /// <param name="port">1-65535.</param>
    Task<Stream> OpenPortStreamAsync(SandboxHandle sandbox, int port, CancellationToken ct);

    /// <summary>Extracts a tar archive into <paramref name="directory"/> (absolute, existing) inside the sandbox.</summary>
    Task CopyInAsync(SandboxHandle sandbox, string directory, Stream tarArchive, CancellationToken ct);

    /// <summary>A tar archive of <paramref name="path"/> (a file or folder) inside the sandbox; the caller disposes it.</summary>
    Task<Stream> CopyOutAsync(SandboxHandle sandbox, string path, CancellationToken ct);

    /// <summary>Every sandbox of this server instance the backend can see, for adoption after a restart.</summary>
    Task<IReadOnlyList<OwnedSandbox>> ListOwnedAsync(CancellationToken ct);

    /// <summary>Removes storage and networks of this instance that no sandbox uses any more; returns how many.</summary>
    Task<int> RemoveOrphanedResourcesAsync(CancellationToken ct);

    /// <summary>
    /// Sandboxes of this instance that stop on their own (crash, out of memory, killed from outside),
    /// as they happen. Ends only when <paramref name="ct"/> is cancelled; a backend that loses its
    /// source reconnects. Removal by <see cref="RemoveAsync"/> may also be reported: callers ignore
    /// sandboxes they no longer own.
    /// </summary>
    IAsyncEnumerable<SandboxStopped> WatchStopsAsync(CancellationToken ct);
}

/// <summary>A sandbox found by <see cref="ISandboxBackend.ListOwnedAsync"/>.</summary>
public sealed record OwnedSandbox(SandboxHandle Handle, bool Running);

/// <summary>
/// A started sandbox as the layers above know it. <paramref name="BackendReference"/> is the
/// backend's opaque saved state (JupyterHub's get_state/load_state): stored with the workspace and
/// handed back unchanged; nothing outside the backend reads it.
/// </summary>
/// <param name="SandboxId">Playground's id (lowercase base32), also on the backend's labels.</param>
/// <param name="Environment">The environment name (sandbox-images/&lt;name&gt;).</param>
/// <param name="CreatedAt">When the backend created it (UTC).</param>
/// <param name="BackendReference">Opaque to everyone but the backend; may be null for records older than the field.</param>
public sealed record SandboxHandle(string SandboxId, string Environment, DateTimeOffset CreatedAt, string? BackendReference);

/// <summary>A sandbox's state as the backend sees it.</summary>
public enum SandboxRunState
{
    /// <summary>Running.</summary>
    Running,
    /// <summary>Stopped by itself (crashed or exited).</summary>
    Exited,
    /// <summary>Killed for exceeding its memory limit.</summary>
    OutOfMemory,
    /// <summary>No longer exists.</summary>
    Gone,
}

/// <summary>What <see cref="ISandboxBackend.GetStatusAsync"/> found; exit code and error when it stopped.</summary>
public sealed record SandboxStatus(SandboxRunState State, long? ExitCode = null, string? Error = null);

/// <summary>A sandbox that stopped on its own, from <see cref="ISandboxBackend.WatchStopsAsync"/>.</summary>
public sealed record SandboxStopped(string SandboxId, SandboxRunState State, long? ExitCode);

/// <summary>A non-interactive command.</summary>
/// <param name="Command">argv; the first word is looked up on the sandbox's PATH.</param>
/// <param name="User">User name or uid inside the sandbox; null = the image's default.</param>
/// <param name="OutputLimitBytes">Bytes of stdout and of stderr (each) to keep; the rest is read and dropped.</param>
public sealed record SandboxExecRequest(IReadOnlyList<string> Command, string? User = null, int OutputLimitBytes = 1 << 20)
{
    /// <summary>A bash script killed with SIGKILL after <paramref name="timeout"/> (the backend enforces it inside the sandbox).</summary>
    public static SandboxExecRequest Script(string script, TimeSpan timeout, int outputLimitBytes = 16 * 1024, string? user = null) =>
        new(["bash", "-c", script], user, outputLimitBytes) { Timeout = timeout };

    /// <summary>Deadline after which the command and what it started are killed; null = none. Whole seconds, at least one.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Absolute working directory inside the sandbox; null = the image's default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The timeout as whole seconds for <c>timeout(1)</c>: rounded up, at least 1.</summary>
    public int? TimeoutSeconds => Timeout is { } t ? Math.Max(1, (int)Math.Ceiling(t.TotalSeconds)) : null;
}

/// <summary>The outcome of <see cref="ISandboxBackend.RunAsync"/>.</summary>
/// <param name="ExitCode">The command's exit code; 137 when killed by SIGKILL.</param>
/// <param name="Truncated">True when stdout or stderr exceeded the request's limit.</param>
/// <param name="TimedOut">True when the request's timeout killed the command.</param>
public sealed record SandboxExecResult(long ExitCode, string Stdout, string Stderr, bool Truncated, bool TimedOut = false);

/// <summary>An interactive shell: argv, user, folder and initial terminal size (columns x rows).</summary>
public sealed record ShellRequest(IReadOnlyList<string> Command, string User, string WorkingDirectory, int Columns, int Rows)
{
    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>An interactive process attached to a terminal: one raw byte stream both ways.</summary>
public interface IShellProcess : IAsyncDisposable
{
    /// <summary>The backend's name for this process, for logs only.</summary>
    string Id { get; }

    /// <summary>Input written here reaches the terminal; reads return its output, 0 at the end.</summary>
    Stream Stream { get; }

    /// <summary>Resizes the terminal. Throws <see cref="SandboxException"/> when the process or sandbox is gone.</summary>
    Task ResizeAsync(int columns, int rows, CancellationToken ct);

    /// <summary>Exit code once the process has ended; null while it runs.</summary>
    Task<long?> GetExitCodeAsync(CancellationToken ct);
}
