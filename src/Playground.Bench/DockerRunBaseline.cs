using System.Diagnostics;
using Playground.Sandboxes.Environments;

namespace Playground.Bench;

/// <summary>
/// The start baseline: <c>docker run --rm IMAGE true</c> with the docker CLI, timed from process
/// start to exit. The image's entrypoint is bypassed (a Docker-in-Docker entrypoint would start a
/// whole engine), and the network mode follows the environment so that both sides set up the same
/// namespaces. Labelled with the bench instance so a leftover would be found.
/// </summary>
internal sealed class DockerRunBaseline(string instanceId, EnvironmentSpec spec, string engineHost)
{
    /// <summary>On the engine the sandboxes run on (the sandbox engine), so both sides pay the same engine.</summary>
    public IReadOnlyList<string> Arguments { get; } =
    [
        "-H", engineHost, "run", "--rm", "--entrypoint", "",
        "--label", $"playground.instance={instanceId}",
        "--network", spec.Network == NetworkMode.None ? "none" : "bridge",
        spec.Image, "true",
    ];

    public string CommandLine => "docker " + string.Join(' ', Arguments.Select(a => a.Length == 0 ? "\"\"" : a));

    public async Task<TimeSpan> MeasureAsync(CancellationToken ct)
    {
        var info = new ProcessStartInfo("docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments) info.ArgumentList.Add(argument);
        // The same engine Playground's sandboxes run on (the dedicated sandbox engine).
        info.Environment["DOCKER_HOST"] = Playground.Sandboxes.SandboxEngine.HostFromEnvironment();
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the docker CLI");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await Task.WhenAll(stderr, stdout);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{CommandLine}` exited with {process.ExitCode}: {(await stderr).Trim()}");
        return elapsed;
    }
}
