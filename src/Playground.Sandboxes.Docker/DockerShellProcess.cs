using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// A learner's shell as a TTY exec. Docker keeps an exec and its pty alive after the attach
/// connection closes, so ending a shell takes an explicit hang-up: every process carrying this
/// shell's marker in its environment (the shell and whatever it started) gets SIGHUP.
/// </summary>
internal sealed class DockerShellProcess(
    DockerClient docker, string execId, TtyStream stream, string container, string sandboxId, string? user, string marker, ILogger logger) : IShellProcess
{
    public const string MarkerVariable = "PLAYGROUND_TERMINAL";
    private int _disposed;

    public string Id => execId[..12];
    public Stream Stream => stream;

    public Task ResizeAsync(int columns, int rows, CancellationToken ct) =>
        DockerErrors.Call(sandboxId, () => docker.Exec.ResizeExecTtyAsync(execId, new ContainerResizeParameters { Width = columns, Height = rows }, ct));

    public Task<long?> GetExitCodeAsync(CancellationToken ct) => DockerErrors.Call(sandboxId, async () =>
    {
        var info = await docker.Exec.InspectContainerExecAsync(execId, ct);
        return info.Running ? null : info.ExitCode;
    });

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await stream.DisposeAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (!(await docker.Exec.InspectContainerExecAsync(execId, timeout.Token)).Running) return;
            // Runs as the shell's own user: reading another process' environ needs the same uid
            // (root in these sandboxes holds no CAP_SYS_PTRACE to read everyone's).
            var hangUp = $"for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx '{MarkerVariable}={marker}' && kill -HUP ${{p#/proc/}} 2>/dev/null; done; true";
            await DockerExec.RunAsync(docker, container, new ContainerExecCreateParameters { Cmd = ["sh", "-c", hangUp], User = user }, 4096, timeout.Token);
        }
        catch (Exception e)
        {
            // Best effort: the sandbox is gone or going, and its processes go with it.
            logger.LogDebug("Hang-up of shell exec {ExecId} skipped: {Message}", execId, e.Message);
        }
    }
}
