using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Playground.Checks.Tests;

/// <summary>
/// A real <see cref="IScriptTarget"/> over one container, through Docker.DotNet:
/// <c>timeout -s KILL &lt;secs&gt; bash -c &lt;script&gt;</c> as a non-interactive exec.
/// With <paramref name="misbehave"/> it neither kills the script at the timeout nor honours cancellation,
/// like a broken target, so the runner's own deadline is what ends the wait.
/// </summary>
public sealed class DockerExecScriptTarget(DockerClient docker, string containerId, bool misbehave = false) : IScriptTarget
{
    private const int KilledBySignal9 = 137;

    public async Task<ScriptResult> RunScriptAsync(ScriptRequest request, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(request.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<string> command = misbehave
            ? ["bash", "-c", request.Script]
            : ["timeout", "-s", "KILL", seconds, "bash", "-c", request.Script];
        var started = TimeProvider.System.GetTimestamp();

        (long ExitCode, string Stdout, string Stderr, bool Truncated) result;
        try
        {
            result = await RunAsync(command, request.OutputLimitBytes, misbehave ? CancellationToken.None : ct);
        }
        catch (DockerContainerNotFoundException e)
        {
            throw new EnvironmentUnavailableException($"Container {containerId} no longer exists.", e);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            throw new EnvironmentUnavailableException($"Container {containerId} is not running: {e.Message}", e);
        }

        var exitCode = (int)result.ExitCode;
        var timedOut = !misbehave && exitCode == KilledBySignal9 && TimeProvider.System.GetElapsedTime(started) >= request.Timeout;
        // A script killed with its container also ends with 137, and the engine may report the container
        // running for a moment after its execs died: on an unexplained SIGKILL, watch the container briefly.
        if (exitCode != 0)
            await EnsureRunningAsync(exitCode == KilledBySignal9 && !timedOut ? TimeSpan.FromSeconds(1) : TimeSpan.Zero, ct);
        return new ScriptResult(exitCode, result.Stdout, result.Stderr, result.Truncated, timedOut);
    }

    private async Task EnsureRunningAsync(TimeSpan watchFor, CancellationToken ct)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(watchFor.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            ContainerInspectResponse inspect;
            try
            {
                inspect = await docker.Containers.InspectContainerAsync(containerId, ct);
            }
            catch (DockerContainerNotFoundException e)
            {
                throw new EnvironmentUnavailableException($"Container {containerId} no longer exists.", e);
            }
            if (!inspect.State.Running || inspect.State.Status == "removing")
                throw new EnvironmentUnavailableException($"Container {containerId} is {inspect.State.Status}.");
            if (TimeProvider.System.GetTimestamp() >= until) return;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private async Task<(long ExitCode, string Stdout, string Stderr, bool Truncated)> RunAsync(IReadOnlyList<string> command, int limit, CancellationToken ct)
    {
        var exec = await docker.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters { Cmd = command.ToList(), AttachStdout = true, AttachStderr = true }, ct);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        bool truncated = false;
        using (var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), ct))
        {
            await using var close = ct.Register(() => stream.Dispose());
            var buffer = new byte[64 * 1024];
            while (true)
            {
                MultiplexedStream.ReadResult read;
                try { read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct); }
                catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException) { throw new OperationCanceledException("cancelled", e, ct); }
                if (read.EOF) break;
                var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
                var room = (int)Math.Max(0, limit - target.Length);
                if (read.Count > room) truncated = true;
                target.Write(buffer, 0, Math.Min(room, read.Count));
            }
        }
        while (true)
        {
            var inspect = await docker.Exec.InspectContainerExecAsync(exec.ID, ct);
            if (!inspect.Running && inspect.ExitCode is { } code)
                return (code, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()), truncated);
            await Task.Delay(10, ct);
        }
    }
}
