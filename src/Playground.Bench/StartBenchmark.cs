using System.Diagnostics;
using Playground.Progress;
using Playground.Sandboxes;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Issue target "sandbox start": time from WorkspaceManager.CreateAsync to the first prompt of an
/// interactive shell, cold (no pool) and from the warm pool, next to `docker run --rm IMAGE true`
/// measured in the same run, interleaved with the cold starts so both see the same load.
/// </summary>
internal sealed class StartBenchmark(BenchContext context)
{
    private static readonly string[] EnvironmentNames = ["shell", "docker"];
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(60);
    private const double WarmTargetMs = 150;
    private const double ColdTargetRatio = 1.3;
    private const double DockerPsTargetMs = 1500;
    private const int PoolSize = 2;

    /// <summary>
    /// Milliseconds from the create call: workspace created, shell exec started, first shell byte,
    /// prompt, `docker ps` ok; and for Docker-in-Docker, when the image's entrypoint logged "ready"
    /// (counted from the entrypoint's own start).
    /// </summary>
    private sealed record Sample(double CreateMs, double ExecMs, double FirstByteMs, double PromptMs, double? DockerPsMs, double? EntrypointReadyMs = null);

    private sealed record Row(string Environment, string Path, IReadOnlyList<Sample>? Samples, Stats? Prompt, double? BaselineP50, string Target, bool? Met, string? Note = null);

    public async Task RunAsync(CancellationToken ct)
    {
        var runs = context.Arguments.Runs;
        var rows = new List<Row>();
        var commands = new List<string>();
        var notes = new List<string>();
        var learner = LearnerIds.New();

        foreach (var name in EnvironmentNames)
        {
            EnvironmentSpec spec;
            await using (var probe = await BenchSandboxes.CreateAsync(context, null, ct))
            {
                var availability = await probe.Environments.GetAvailabilityAsync(name, ct);
                if (!availability.Available || probe.Environments.Find(name) is not { } found)
                {
                    rows.Add(new Row(name, "skipped", null, null, null, "", null, availability.Reason));
                    continue;
                }
                spec = found;
            }
            try
            {
                await MeasureEnvironmentAsync(spec, learner, runs, rows, commands, notes, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                context.Report.Error($"start/{name}", e.Message);
                rows.Add(new Row(name, "[red]failed[/]", null, null, null, "", false, e.Message));
            }
        }
        Print(rows, commands, notes, runs);
    }

    private async Task MeasureEnvironmentAsync(EnvironmentSpec spec, string learner, int runs, List<Row> rows, List<string> commands, List<string> notes, CancellationToken ct)
    {
        var name = spec.Name;
        var isDocker = name == "docker";
        var baseline = new DockerRunBaseline(context.InstanceId, spec, Playground.Sandboxes.SandboxEngine.HostFromEnvironment());
        commands.Add(baseline.CommandLine);
        var baselineMs = new List<double>();
        var cold = new List<Sample>();
        var warm = new List<Sample>();

        await using (var engine = await BenchSandboxes.CreateAsync(context, o => o.PoolEnabled = false, ct))
        {
            // One untimed round first: the first container of an image pays for page cache and CLI start-up.
            await baseline.MeasureAsync(ct);
            await MeasureOnceAsync(engine, name, learner, isDocker, ct);
            await BenchProgress.RunAsync($"{name}: cold start vs docker run", runs, async step =>
            {
                for (var i = 0; i < runs; i++)
                {
                    baselineMs.Add((await baseline.MeasureAsync(ct)).TotalMilliseconds);
                    cold.Add(await MeasureOnceAsync(engine, name, learner, isDocker, ct));
                    step();
                }
            });
        }

        var diagnosticRuns = Math.Max(5, runs / 3);
        var deferred = new List<Sample>();
        await using (var engine = await BenchSandboxes.CreateAsync(context, o => PoolOnly(o, name), ct))
        {
            await engine.StartPoolAsync(ct);
            await engine.WaitForPoolAsync(name, PoolSize, TimeSpan.FromMinutes(2), ct);
            await BenchProgress.RunAsync($"{name}: warm pool", runs, async step =>
            {
                for (var i = 0; i < runs; i++)
                {
                    warm.Add(await MeasureOnceAsync(engine, name, learner, dockerPs: false, ct));
                    // Measure a full pool every time: a learner arriving after a quiet moment.
                    await engine.WaitForPoolAsync(name, PoolSize, TimeSpan.FromMinutes(2), ct);
                    step();
                }
            });
        }

        // Diagnostic: the same warm start with the refill held back until the prompt is there. The
        // difference to the row above is what the background refill's container start costs the
        // learner's shell exec on a small host.
        await using (var engine = await BenchSandboxes.CreateAsync(context, o => PoolOnly(o, name), ct))
        {
            await engine.Pool.FillAsync(ct);
            await BenchProgress.RunAsync($"{name}: warm pool, refill deferred", diagnosticRuns, async step =>
            {
                for (var i = 0; i < diagnosticRuns; i++)
                {
                    deferred.Add(await MeasureOnceAsync(engine, name, learner, dockerPs: false, ct));
                    await engine.Pool.FillAsync(ct);
                    step();
                }
            });
        }

        var baselineStats = Stats.Of(baselineMs);
        var coldPrompt = Stats.Of(cold.Select(s => s.PromptMs));
        var warmPrompt = Stats.Of(warm.Select(s => s.PromptMs));
        var report = context.Report;
        rows.Add(new Row(name, "docker run (baseline)", null, baselineStats, null, "", null));
        var entrypoint = cold.Where(s => s.EntrypointReadyMs is not null).Select(s => s.EntrypointReadyMs!.Value).ToList();
        if (entrypoint.Count > 0)
            notes.Add($"{name}: the image's entrypoint logged \"ready\" (inner dockerd answering) at p50 {Format.Ms(Stats.Of(entrypoint).P50)} after it began; " +
                      $"CreateAsync returned at p50 {Format.Ms(Stats.Of(cold.Select(s => s.CreateMs)).P50)} (container create + start + readiness probes).");
        rows.Add(new Row(name, "cold, no pool", cold, coldPrompt, baselineStats.P50, $"p50 ≤ {ColdTargetRatio:0.0}x docker run",
            report.Target($"{name} cold start p50 ≤ 1.3x docker run", coldPrompt.P50 / baselineStats.P50 <= ColdTargetRatio)));
        if (isDocker)
        {
            var ready = Stats.Of(cold.Select(s => s.DockerPsMs!.Value));
            rows.Add(new Row(name, "cold → `docker ps` succeeds", null, ready, baselineStats.P50, $"p50 < {DockerPsTargetMs / 1000:0.0} s",
                report.Target("docker env ready for `docker ps` p50 < 1.5 s cold", ready.P50 < DockerPsTargetMs)));
        }
        rows.Add(new Row(name, $"warm pool (size {PoolSize})", warm, warmPrompt, baselineStats.P50, $"p50 < {WarmTargetMs:0} ms",
            report.Target($"{name} warm-pool start p50 < 150 ms", warmPrompt.P50 < WarmTargetMs)));
        rows.Add(new Row(name, $"warm, refill deferred (diagnostic, {diagnosticRuns} runs)", deferred, Stats.Of(deferred.Select(s => s.PromptMs)), baselineStats.P50, "", null));
    }

    /// <summary>A warm pool of <see cref="PoolSize"/> for this environment only (a k8s pool would eat the host).</summary>
    private void PoolOnly(SandboxOptions options, string environment)
    {
        options.PoolEnabled = true;
        foreach (var other in EnvironmentCatalog.LoadAll(context.Layout.SandboxImages).Specs.Keys) options.Pool[other] = 0;
        options.Pool[environment] = PoolSize;
    }

    /// <summary>One workspace: create, open the shell, read to the prompt (and for docker, run `docker ps`), end.</summary>
    internal static async Task<double> PromptMsAsync(BenchSandboxes engine, string environment, string learner, CancellationToken ct) =>
        (await MeasureOnceAsync(engine, environment, learner, dockerPs: false, ct)).PromptMs;

    private static async Task<Sample> MeasureOnceAsync(BenchSandboxes engine, string environment, string learner, bool dockerPs, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var workspace = await engine.Manager.CreateAsync(learner, $"bench/start-{Guid.NewGuid():N}", environment, ct);
        try
        {
            var created = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await using var shell = await engine.Manager.OpenShellAsync(workspace.Id, 120, 32, ct);
            var exec = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var firstByte = await ShellPrompt.WaitAsync(shell.Stream, PromptTimeout, ct);
            var prompt = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            double? ready = null, entrypoint = null;
            if (dockerPs)
            {
                ready = await WaitForDockerPsAsync(engine.Manager, workspace.Id, started, ct);
                entrypoint = await EntrypointReadyAsync(engine.Manager, workspace.Id, ct);
            }
            return new Sample(created, exec, Stopwatch.GetElapsedTime(started, firstByte).TotalMilliseconds, prompt, ready, entrypoint);
        }
        finally
        {
            await engine.Manager.EndAsync(workspace.Id, TerminationReason.Destroyed, CancellationToken.None);
        }
    }

    /// <summary>
    /// The Docker-in-Docker entrypoint logs its steps to /run/playground/startup.log ("812 ms: ready");
    /// null when the image does not (the diagnostic is then simply absent).
    /// </summary>
    private static async Task<double?> EntrypointReadyAsync(WorkspaceManager manager, string workspaceId, CancellationToken ct)
    {
        var result = await manager.ExecAsync(workspaceId, new SandboxExecRequest(["cat", "/run/playground/startup.log"], OutputLimitBytes: 16 * 1024), ct);
        var line = result.Stdout.Split('\n').LastOrDefault(l => l.EndsWith(" ms: ready", StringComparison.Ordinal));
        return line is not null && double.TryParse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }

    /// <summary>`docker ps` inside the sandbox, right after the prompt (as a learner would type it), retried until it succeeds.</summary>
    private static async Task<double> WaitForDockerPsAsync(WorkspaceManager manager, string workspaceId, long started, CancellationToken ct)
    {
        string? last = null;
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            var result = await manager.ExecAsync(workspaceId, new SandboxExecRequest(["docker", "ps"], OutputLimitBytes: 64 * 1024), ct);
            if (result.ExitCode == 0) return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            last = (result.Stdout + result.Stderr).Trim();
            await Task.Delay(20, ct);
        }
        throw new TimeoutException($"`docker ps` did not succeed within 60 s: {last}");
    }

    private static void Print(List<Row> rows, List<string> commands, List<string> notes, int runs)
    {
        static string P50(IReadOnlyList<Sample>? samples, Func<Sample, double> pick) =>
            samples is null ? "" : Format.Ms(Stats.Of(samples.Select(pick)).P50);

        var table = new Table().Title($"[bold]Sandbox start[/]: CreateAsync → first prompt, {runs} runs each, sequential")
            .AddColumn("Env").AddColumn("Path")
            .AddColumn(new TableColumn("created").RightAligned()).AddColumn(new TableColumn("exec started").RightAligned())
            .AddColumn(new TableColumn("1st byte").RightAligned())
            .AddColumn(new TableColumn("[bold]Prompt p50[/]").RightAligned()).AddColumn(new TableColumn("p95").RightAligned())
            .AddColumn(new TableColumn("vs docker run").RightAligned()).AddColumn("Target").AddColumn("Met");
        foreach (var row in rows)
        {
            var met = row.Met is null ? "" : Marks.Of(row.Met.Value);
            if (row.Prompt is null)
            {
                table.AddRow(row.Environment, row.Path, "", "", "", "", "", "", Markup.Escape(row.Note ?? ""), met);
                continue;
            }
            table.AddRow(
                row.Environment,
                Markup.Escape(row.Path),
                P50(row.Samples, s => s.CreateMs),
                P50(row.Samples, s => s.ExecMs),
                P50(row.Samples, s => s.FirstByteMs),
                Format.Ms(row.Prompt.P50),
                Format.Ms(row.Prompt.P95),
                row.BaselineP50 is { } b ? Format.Ratio(row.Prompt.P50 / b) : "1.00x",
                Markup.Escape(row.Target),
                met);
        }
        AnsiConsole.Write(table);
        foreach (var command in commands.Distinct()) AnsiConsole.MarkupLine($"  baseline: [grey]{Markup.Escape(command)}[/]");
        foreach (var note in notes) AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(note)}[/]");
        AnsiConsole.MarkupLine("  [grey]p50 milliseconds from the CreateAsync call: created = CreateAsync returned (container started and ready), exec started = OpenShellAsync returned, " +
                               "1st byte = first shell output, Prompt = first \"$ \"/\"# \" of `bash -l` on its TTY. Warm runs wait for a full pool before each start; baseline and cold runs alternate.[/]");
        AnsiConsole.WriteLine();
    }
}
