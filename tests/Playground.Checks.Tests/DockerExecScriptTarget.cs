using System.Globalization;
using Playground.Docker;

namespace Playground.Checks.Tests;

/// <summary>
/// A real <see cref="IScriptTarget"/> over one container, through the project's Docker client:
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

        ExecResult result;
        try
        {
            result = await docker.RunAsync(containerId, new ExecCreateRequest { Cmd = command }, request.OutputLimitBytes,
                misbehave ? CancellationToken.None : ct);
        }
        catch (DockerNotFoundException e)
        {
            throw new EnvironmentUnavailableException($"Container {containerId} no longer exists.", e);
        }
        catch (DockerConflictException e)
        {
            throw new EnvironmentUnavailableException($"Container {containerId} is not running: {e.Message}", e);
        }

        var exitCode = (int)result.ExitCode;
        var timedOut = !misbehave && exitCode == KilledBySignal9 && TimeProvider.System.GetElapsedTime(started) >= request.Timeout;
        // A script killed with its container also ends with 137, and the engine may report the container
        // running for a moment after its execs died: on an unexplained SIGKILL, watch the container briefly.
        if (exitCode != 0)
            await EnsureRunningAsync(exitCode == KilledBySignal9 && !timedOut ? TimeSpan.FromSeconds(1) : TimeSpan.Zero, ct);
        return new ScriptResult(exitCode, result.Stdout, result.Stderr, result.StdoutTruncated || result.StderrTruncated, timedOut);
    }

    private async Task EnsureRunningAsync(TimeSpan watchFor, CancellationToken ct)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(watchFor.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            ContainerInspect inspect;
            try
            {
                inspect = await docker.InspectContainerAsync(containerId, ct);
            }
            catch (DockerNotFoundException e)
            {
                throw new EnvironmentUnavailableException($"Container {containerId} no longer exists.", e);
            }
            if (!inspect.State.Running || inspect.State.Status == "removing")
                throw new EnvironmentUnavailableException($"Container {containerId} is {inspect.State.Status}.");
            if (TimeProvider.System.GetTimestamp() >= until) return;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }
}
