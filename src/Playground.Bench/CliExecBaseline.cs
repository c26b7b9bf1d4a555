using System.Diagnostics;
using System.Globalization;

namespace Playground.Bench;

/// <summary>
/// Throughput baselines below Playground, on the sandbox engine and the same sandbox: the docker CLI's own
/// <c>docker exec -t</c> (the engine's TTY path with Docker's reference client), and the producer alone inside
/// the sandbox (no TTY, nothing read), so one run shows where the bytes slow down.
/// </summary>
internal static class CliExecBaseline
{
    /// <summary>
    /// Runs <c>head -c INPUT /dev/zero | base64</c> through <c>docker -H HOST exec -t</c> and counts the bytes
    /// the CLI writes to its stdout (read in 64 KiB chunks). Null with <paramref name="why"/> when the CLI is missing or fails.
    /// </summary>
    public static async Task<(ThroughputResult? Result, string? Why)> MeasureCliAsync(string host, string container, string? user, long inputBytes, CancellationToken ct)
    {
        var arguments = new List<string> { "-H", host, "exec", "-t" };
        if (user is not null) arguments.AddRange(["-u", user]);
        arguments.AddRange([container, "sh", "-c", $"head -c {inputBytes.ToString(CultureInfo.InvariantCulture)} /dev/zero | base64"]);
        var start = new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("docker did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"docker CLI: {e.Message}");
        }
        using (process)
        {
            var started = Stopwatch.GetTimestamp();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var buffer = new byte[64 * 1024];
            long bytes = 0, chunks = 0;
            var output = process.StandardOutput.BaseStream;
            int n;
            while ((n = await output.ReadAsync(buffer, ct)) > 0)
            {
                bytes += n;
                chunks++;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                return (null, $"docker exec exited {process.ExitCode}: {(await stderr).Trim()}");
            return (new ThroughputResult(bytes, chunks, elapsed, TimeSpan.Zero), null);
        }
    }

    /// <summary>The producer alone: the same pipeline inside the sandbox into /dev/null, timed by the sandbox's clock.</summary>
    public static async Task<(ThroughputResult? Result, string? Why)> MeasureProducerAsync(string host, string container, long inputBytes, CancellationToken ct)
    {
        var script = $"s=$(date +%s%N); head -c {inputBytes.ToString(CultureInfo.InvariantCulture)} /dev/zero | base64 | wc -c; e=$(date +%s%N); echo $((e - s))";
        var start = new ProcessStartInfo("docker", ["-H", host, "exec", container, "sh", "-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("docker did not start");
            var stdout = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (process.ExitCode != 0 || lines.Length < 2) return (null, $"exited {process.ExitCode}: {stdout.Trim()}");
            return (new ThroughputResult(long.Parse(lines[0], CultureInfo.InvariantCulture), 1,
                TimeSpan.FromTicks(long.Parse(lines[1], CultureInfo.InvariantCulture) / 100), TimeSpan.Zero), null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or FormatException)
        {
            return (null, e.Message);
        }
    }
}
