using System.Collections.Concurrent;
using System.Diagnostics;
using System.Formats.Tar;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;

namespace Playground.Testing.Sandboxes;

/// <summary>
/// An honest stand-in backend for fast tests: a sandbox is a temporary folder, commands are local
/// processes (bash) in it, and a shell is <c>script(1)</c> giving bash a real pseudo-terminal.
/// Absolute sandbox paths given to the backend (working directory, copy in/out) are mapped under
/// the folder; absolute paths inside scripts are the host's, and every process runs as the test's
/// own user. It isolates nothing: tests only, never a server.
/// </summary>
public sealed class LocalProcessSandboxBackend : ISandboxBackend, IAsyncDisposable
{
    private readonly string _root;
    private readonly IReadOnlySet<string> _missingImages;
    private readonly ConcurrentDictionary<string, LocalSandbox> _sandboxes = new(StringComparer.Ordinal);
    private readonly Channel<SandboxStopped> _stops = Channel.CreateUnbounded<SandboxStopped>();

    /// <param name="missingImages">Images this backend pretends are not built (for the unavailable path).</param>
    public LocalProcessSandboxBackend(IEnumerable<string>? missingImages = null)
    {
        _root = Path.Combine(Path.GetTempPath(), "pg-local-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_root);
        _missingImages = new HashSet<string>(missingImages ?? [], StringComparer.Ordinal);
    }

    /// <summary>How many sandboxes exist now (started and not removed).</summary>
    public int Count => _sandboxes.Count;

    public Task<EnvironmentAvailability> GetAvailabilityAsync(EnvironmentSpec spec, CancellationToken ct) =>
        Task.FromResult(_missingImages.Contains(spec.Image)
            ? new EnvironmentAvailability(false, $"the image {spec.Image} is not built on this server", spec.UnavailableHint ?? $"Run: sandbox-images/build.sh {spec.Name}")
            : EnvironmentAvailability.Yes);

    public Task<SandboxHandle> StartAsync(EnvironmentSpec spec, string sandboxId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_missingImages.Contains(spec.Image))
            throw new SandboxStartException($"could not create a '{spec.Name}' sandbox: no such image: {spec.Image}");
        var folder = Path.Combine(_root, sandboxId);
        Directory.CreateDirectory(Map(folder, spec.WorkingDirectory));
        Directory.CreateDirectory(Path.Combine(folder, "tmp"));
        var sandbox = new LocalSandbox(sandboxId, spec, folder);
        if (!_sandboxes.TryAdd(sandboxId, sandbox))
            throw new SandboxStartException($"a sandbox {sandboxId} already exists");
        return Task.FromResult(new SandboxHandle(sandboxId, spec.Name, DateTimeOffset.UtcNow, folder));
    }

    public Task<SandboxStatus> GetStatusAsync(SandboxHandle sandbox, CancellationToken ct) =>
        Task.FromResult(_sandboxes.GetValueOrDefault(sandbox.SandboxId) is { } s
            ? new SandboxStatus(s.State, s.State == SandboxRunState.Running ? null : 137)
            : new SandboxStatus(SandboxRunState.Gone));

    public Task RemoveAsync(SandboxHandle sandbox, CancellationToken ct)
    {
        if (_sandboxes.TryRemove(sandbox.SandboxId, out var s))
        {
            s.KillAll();
            try { Directory.Delete(s.Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    /// <summary>What the engine does when a sandbox crashes or meets the OOM killer: its processes die and it stops.</summary>
    public void Crash(string sandboxId, bool outOfMemory = false)
    {
        var s = _sandboxes.GetValueOrDefault(sandboxId) ?? throw new SandboxGoneException(sandboxId);
        s.State = outOfMemory ? SandboxRunState.OutOfMemory : SandboxRunState.Exited;
        s.KillAll();
        _stops.Writer.TryWrite(new SandboxStopped(sandboxId, s.State, 137));
    }

    public async Task<SandboxExecResult> RunAsync(SandboxHandle handle, SandboxExecRequest request, CancellationToken ct)
    {
        var sandbox = Running(handle);
        // setsid: the command leads its own process group, so a kill reaches everything it started at once.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Map(sandbox.Folder, request.WorkingDirectory ?? sandbox.Spec.WorkingDirectory),
        };
        foreach (var arg in request.Command) info.ArgumentList.Add(arg);
        Environment(info, sandbox, request.Environment);
        using var process = sandbox.Start(info);
        process.StandardInput.Close();
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, request.OutputLimitBytes);
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream, request.OutputLimitBytes);
        var timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            if (request.TimeoutSeconds is { } seconds) deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                if (ct.IsCancellationRequested) throw;
                timedOut = true;
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        var (outText, outCut) = await stdout;
        var (errText, errCut) = await stderr;
        sandbox.Forget(process);
        // Killed processes report -1 here; the engine's convention is 128 + SIGKILL.
        var exitCode = process.ExitCode < 0 || timedOut ? 137 : process.ExitCode;
        if (exitCode == 137 && sandbox.State != SandboxRunState.Running && !timedOut)
            throw new SandboxNotRunningException(handle.SandboxId);
        return new SandboxExecResult(exitCode, outText, errText, outCut || errCut, timedOut);
    }

    public Task<IShellProcess> StartShellAsync(SandboxHandle handle, ShellRequest request, CancellationToken ct)
    {
        var sandbox = Running(handle);
        // script(1) gives the shell a real pty (echo, line editing, Ctrl-C) with no native code here.
        var command = string.Join(' ', request.Command.Select(Quote));
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Map(sandbox.Folder, request.WorkingDirectory),
        };
        foreach (var arg in new[] { "script", "-qfec", $"stty cols {request.Columns} rows {request.Rows} 2>/dev/null; exec {command}", "/dev/null" }) info.ArgumentList.Add(arg);
        Environment(info, sandbox, request.Environment);
        info.Environment["TERM"] = "xterm-256color";
        var process = sandbox.Start(info);
        return Task.FromResult<IShellProcess>(new LocalShell(process, sandbox));
    }

    /// <summary>A TCP connection to the host's 127.0.0.1:port (local sandboxes share the host's network).</summary>
    public async Task<Stream> OpenPortStreamAsync(SandboxHandle handle, int port, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Running(handle);
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, ct);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            socket.Dispose();
            throw new SandboxPortClosedException(handle.SandboxId, port, e);
        }
    }

    public async Task CopyInAsync(SandboxHandle handle, string directory, Stream tarArchive, CancellationToken ct)
    {
        var sandbox = Running(handle);
        var target = Map(sandbox.Folder, directory);
        if (!Directory.Exists(target)) throw new SandboxBackendException($"no such directory in the sandbox: {directory}");
        await TarFile.ExtractToDirectoryAsync(tarArchive, target, overwriteFiles: true, ct);
    }

    public async Task<Stream> CopyOutAsync(SandboxHandle handle, string path, CancellationToken ct)
    {
        var sandbox = _sandboxes.GetValueOrDefault(handle.SandboxId) ?? throw new SandboxGoneException(handle.SandboxId);
        var source = Map(sandbox.Folder, path);
        var archive = new MemoryStream();
        if (File.Exists(source))
        {
            await using var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true);
            await writer.WriteEntryAsync(source, Path.GetFileName(source), ct);
        }
        else if (Directory.Exists(source))
        {
            await TarFile.CreateFromDirectoryAsync(source, archive, includeBaseDirectory: true, ct);
        }
        else
        {
            throw new SandboxBackendException($"no such file or directory in the sandbox: {path}");
        }
        archive.Position = 0;
        return archive;
    }

    public Task<IReadOnlyList<OwnedSandbox>> ListOwnedAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OwnedSandbox>>(_sandboxes.Values
            .Select(s => new OwnedSandbox(new SandboxHandle(s.Id, s.Spec.Name, s.CreatedAt, s.Folder), s.State == SandboxRunState.Running))
            .ToList());

    public Task<int> RemoveOrphanedResourcesAsync(CancellationToken ct) => Task.FromResult(0);

    public async IAsyncEnumerable<SandboxStopped> WatchStopsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var stop in _stops.Reader.ReadAllAsync(ct)) yield return stop;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sandboxes.Values) await RemoveAsync(new SandboxHandle(s.Id, s.Spec.Name, s.CreatedAt, s.Folder), CancellationToken.None);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private LocalSandbox Running(SandboxHandle handle)
    {
        var sandbox = _sandboxes.GetValueOrDefault(handle.SandboxId) ?? throw new SandboxGoneException(handle.SandboxId);
        if (sandbox.State != SandboxRunState.Running) throw new SandboxNotRunningException(handle.SandboxId);
        return sandbox;
    }

    /// <summary>An absolute sandbox path under the sandbox's folder.</summary>
    private static string Map(string folder, string sandboxPath) => Path.Combine(folder, sandboxPath.TrimStart('/'));

    private static void Environment(ProcessStartInfo info, LocalSandbox sandbox, IReadOnlyDictionary<string, string>? extra)
    {
        info.Environment["HOME"] = Map(sandbox.Folder, sandbox.Spec.WorkingDirectory);
        info.Environment["PLAYGROUND_SANDBOX_ROOT"] = sandbox.Folder;
        foreach (var (key, value) in sandbox.Spec.Environment) info.Environment[key] = value.Replace("{sandbox}", sandbox.Id);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) info.Environment[key] = value;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>SIGKILL to the process group the command leads (setsid), then to the tree .NET can still see.</summary>
    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) _ = KillGroup(-process.Id, 9);
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillGroup(int pid, int signal);

    private static async Task<(string Text, bool Truncated)> ReadBoundedAsync(Stream stream, int limit)
    {
        var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var room = (int)Math.Max(0, limit - kept.Length);
            if (read > room) truncated = true;
            kept.Write(buffer, 0, Math.Min(read, room));
        }
        return (Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), truncated);
    }

    private sealed class LocalSandbox(string id, EnvironmentSpec spec, string folder)
    {
        private readonly ConcurrentDictionary<Process, byte> _processes = new();
        public string Id { get; } = id;
        public EnvironmentSpec Spec { get; } = spec;
        public string Folder { get; } = folder;
        public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;
        public volatile SandboxRunState State = SandboxRunState.Running;

        public Process Start(ProcessStartInfo info)
        {
            var process = Process.Start(info) ?? throw new SandboxBackendException($"could not start {info.FileName}");
            _processes[process] = 0;
            // Removed or crashed between the check and the start: the process dies with the sandbox.
            if (State != SandboxRunState.Running) Kill(process);
            return process;
        }

        public void Forget(Process process) => _processes.TryRemove(process, out _);

        public void KillAll()
        {
            foreach (var process in _processes.Keys) Kill(process);
        }
    }

    private sealed class LocalShell(Process process, LocalSandbox sandbox) : IShellProcess
    {
        private readonly Stream _stream = new DuplexStream(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        private int _disposed;

        public string Id => $"pid {process.Id}";
        public Stream Stream => _stream;

        public async Task ResizeAsync(int columns, int rows, CancellationToken ct)
        {
            if (process.HasExited) throw new SandboxNotRunningException(sandbox.Id);
            // The pty belongs to script's child: size it from outside as the engine does, which also sends SIGWINCH.
            var tty = PtyOf(process.Id);
            if (tty is null) return;
            var info = new ProcessStartInfo("stty") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var arg in new[] { "-F", tty, "cols", columns.ToString(System.Globalization.CultureInfo.InvariantCulture), "rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                info.ArgumentList.Add(arg);
            using var stty = Process.Start(info)!;
            await stty.WaitForExitAsync(ct);
        }

        public Task<long?> GetExitCodeAsync(CancellationToken ct) => Task.FromResult<long?>(process.HasExited ? process.ExitCode : null);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return ValueTask.CompletedTask;
            Kill(process);
            sandbox.Forget(process);
            process.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>The /dev/pts/N a child of script(1) has as its stdin.</summary>
        private static string? PtyOf(int scriptPid)
        {
            try
            {
                var children = File.ReadAllText($"/proc/{scriptPid}/task/{scriptPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var child in children)
                {
                    var target = new FileInfo($"/proc/{child}/fd/0").LinkTarget;
                    if (target is not null && target.StartsWith("/dev/pts/", StringComparison.Ordinal)) return target;
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return null;
        }
    }

    /// <summary>Reads from one stream and writes to another: a process' stdout and stdin as one terminal stream.</summary>
    private sealed class DuplexStream(Stream read, Stream write) : Stream
    {
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => read.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => read.ReadAsync(buffer, offset, count, ct);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => write.WriteAsync(buffer, ct);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => write.WriteAsync(buffer, offset, count, ct);
        public override Task FlushAsync(CancellationToken ct) => write.FlushAsync(ct);
        public override void Flush() => write.Flush();
        public override int Read(byte[] buffer, int offset, int count) => read.Read(buffer, offset, count);
        public override void Write(byte[] buffer, int offset, int count) => write.Write(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) { read.Dispose(); write.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
