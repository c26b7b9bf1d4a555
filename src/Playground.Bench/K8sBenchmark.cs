using System.Diagnostics;
using System.Globalization;
using Playground.Progress;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// The `k8s` environment: cold time until the cluster's node is Ready, and the idle memory of one
/// cluster after it has settled. Skipped, with the catalog's reason, when the image is not built.
/// </summary>
internal sealed class K8sBenchmark(BenchContext context)
{
    private const string Environment = "k8s";
    private const double ReadyTargetMs = 20_000;
    private const long MemoryTargetBytes = 600L * 1024 * 1024;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var engine = await BenchSandboxes.CreateAsync(context, o => o.PoolEnabled = false, ct);
        var availability = await engine.Environments.GetAvailabilityAsync(Environment, ct);
        if (!availability.Available)
        {
            AnsiConsole.MarkupLine($"k8s: skipped — {Markup.Escape(availability.Reason ?? "unavailable")}");
            AnsiConsole.WriteLine();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var workspace = await engine.Manager.CreateAsync(LearnerIds.New(), "bench/k8s", Environment, ct);
        try
        {
            var ready = await WaitForReadyNodeAsync(engine.Manager, workspace.Id, started, ct);
            var idle = context.Arguments.K8sIdleWait;
            await BenchProgress.StatusAsync($"k8s: idling {idle.TotalSeconds:0} s before measuring memory", _ => Task.Delay(idle, ct));
            long memory = 0;
            foreach (var sandbox in workspace.Sandboxes) memory += await MemoryUsageAsync(sandbox.SandboxId, ct);

            var readyMet = context.Report.Target("k8s cold start to Ready < 20 s", ready < ReadyTargetMs);
            var memoryMet = context.Report.Target("k8s idle memory < 600 MB", memory < MemoryTargetBytes);
            var table = new Table().Title("[bold]k8s[/]: one cluster, cold (pool off)")
                .AddColumn("Measurement").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Target").AddColumn("Met");
            table.AddRow("CreateAsync → node Ready", Format.Ms(ready), "< 20 s", Marks.Of(readyMet));
            table.AddRow($"Memory after {idle.TotalSeconds:0} s idle (cgroup usage)", Format.Bytes(memory), "< 600 MB", Marks.Of(memoryMet));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine();
        }
        finally
        {
            await engine.Manager.EndAsync(workspace.Id, TerminationReason.Destroyed, CancellationToken.None);
        }
    }

    private static async Task<double> WaitForReadyNodeAsync(WorkspaceManager manager, string workspaceId, long started, CancellationToken ct)
    {
        string? last = null;
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(3))
        {
            var result = await manager.ExecAsync(workspaceId, new SandboxExecRequest(["kubectl", "get", "nodes", "--no-headers"], OutputLimitBytes: 64 * 1024), ct);
            var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (result.ExitCode == 0 && lines.Length > 0 && lines.All(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "Ready", ..]))
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            last = (result.Stdout + result.Stderr).Trim();
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"no Ready node within 3 minutes: {last}");
    }

    /// <summary>The container's cgroup memory usage as `docker stats` reports it (cache excluded).</summary>
    private static async Task<long> MemoryUsageAsync(string sandboxId, CancellationToken ct)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DOCKER_HOST"] = Playground.Sandboxes.SandboxEngine.HostFromEnvironment();
        // The container is found by the sandbox's label: the bench sees sandboxes as Playground does.
        foreach (var a in new[] { "-c", "docker stats --no-stream --format '{{.MemUsage}}' $(docker ps -q --filter label=playground.sandbox=$0)", sandboxId }) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the docker CLI");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"docker stats failed: {await process.StandardError.ReadToEndAsync(ct)}");
        return ParseSize(output.Split('/')[0].Trim());
    }

    /// <summary>"412.5MiB" → bytes.</summary>
    public static long ParseSize(string text)
    {
        var units = new (string Suffix, double Factor)[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("B", 1) };
        foreach (var (suffix, factor) in units)
            if (text.EndsWith(suffix, StringComparison.Ordinal))
                return (long)(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor);
        throw new FormatException($"unexpected memory figure '{text}'");
    }
}
