using Microsoft.Extensions.Logging;
using Playground.Docker;

namespace Playground.Sandboxes.Engine;

/// <summary>
/// A learner's shell as a TTY exec. Docker keeps an exec and its pty alive after the attach
/// connection closes, so ending a shell takes an explicit hang-up: every process carrying this
/// shell's marker in its environment (the shell and whatever it started) gets SIGHUP.
/// </summary>
internal sealed class DockerShellProcess(
    DockerClient docker, string execId, ExecStream stream, string containerId, string? user, string marker, ILogger logger) : IShellProcess
{
    public const string MarkerVariable = "PLAYGROUND_TERMINAL";
    private int _disposed;

    public string ExecId { get; } = execId;
    public Stream Stream => stream.Stream;

    public Task ResizeAsync(int columns, int rows, CancellationToken ct) => docker.ResizeExecAsync(ExecId, rows, columns, ct);

    public async Task<long?> GetExitCodeAsync(CancellationToken ct)
    {
        var info = await docker.InspectExecAsync(ExecId, ct);
        return info.Running ? null : info.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await stream.DisposeAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if ((await docker.InspectExecAsync(ExecId, timeout.Token)).Running != true) return;
            // Runs as the shell's own user: reading another process' environ needs the same uid
            // (root in these sandboxes holds no CAP_SYS_PTRACE to read everyone's).
            var hangUp = $"for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx '{MarkerVariable}={marker}' && kill -HUP ${{p#/proc/}} 2>/dev/null; done; true";
            await docker.RunAsync(containerId, new ExecCreateRequest { Cmd = ["sh", "-c", hangUp], User = user, AttachStdout = true, AttachStderr = true }, 4096, timeout.Token);
        }
        catch (Exception e)
        {
            // Best effort: the sandbox is gone or going, and its processes go with it.
            logger.LogDebug("Hang-up of shell exec {ExecId} skipped: {Message}", ExecId, e.Message);
        }
    }
}
