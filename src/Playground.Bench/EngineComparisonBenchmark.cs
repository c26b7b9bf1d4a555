using Docker.DotNet;
using Playground.Progress;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Issue 10's benchmark: start-to-prompt, cold (no pool) and warm (pool of 2), for shell and docker on the
/// dedicated sandbox engine (user-namespace remapped, playground-runc, Docker's default seccomp plus the
/// nested-engine rules) next to the same on the host's main engine with the flags the environments had before
/// (docker: seccomp unconfined, plain runc, no user namespace), in one run, cold starts interleaved so both
/// engines see the same load. Ratios are sandbox engine / main engine.
/// </summary>
internal sealed class EngineComparisonBenchmark(BenchContext context)
{
    private static readonly string[] EnvironmentNames = ["shell", "docker"];
    private const int PoolSize = 2;
    private const double WarmTargetMs = 150;
    private const double ColdDockerTargetRatio = 1.3;

    public async Task RunAsync(CancellationToken ct)
    {
        var runs = context.Arguments.Runs;
        var mainHost = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } h ? h : "unix:///var/run/docker.sock";
        using var main = new DockerClientBuilder().WithEndpoint(new Uri(mainHost)).Build();
        var oldFlags = WriteOldFlagSpecs(mainHost);
        var learner = LearnerIds.New();
        var table = new Table().Title($"[bold]Sandbox engine vs main engine[/]: CreateAsync → first prompt, p50 (p95), {runs} runs each")
            .AddColumn("Env").AddColumn("Path")
            .AddColumn(new TableColumn("sandbox engine (userns)").RightAligned())
            .AddColumn(new TableColumn("main engine, old flags").RightAligned())
            .AddColumn(new TableColumn("[bold]ratio[/]").RightAligned()).AddColumn("Target").AddColumn("Met");
        try
        {
            foreach (var env in EnvironmentNames)
            {
                // Cold: interleaved, one of each per round.
                var coldNew = new List<double>();
                var coldOld = new List<double>();
                await using (var dedicated = await BenchSandboxes.CreateAsync(context, o => o.PoolEnabled = false, ct))
                await using (var baseline = await BenchSandboxes.CreateAsync(context, o => OldFlags(o, oldFlags), ct))
                {
                    await StartBenchmark.PromptMsAsync(dedicated, env, learner, ct);
                    await StartBenchmark.PromptMsAsync(baseline, env, learner, ct);
                    await BenchProgress.RunAsync($"{env}: cold, sandbox engine vs main engine", runs, async step =>
                    {
                        for (var i = 0; i < runs; i++)
                        {
                            coldNew.Add(await StartBenchmark.PromptMsAsync(dedicated, env, learner, ct));
                            coldOld.Add(await StartBenchmark.PromptMsAsync(baseline, env, learner, ct));
                            step();
                        }
                    });
                }
                var warmNew = await WarmAsync(env, learner, runs, o => PoolOnly(o, env), "sandbox", ct);
                var warmOld = await WarmAsync(env, learner, runs, o => { OldFlags(o, oldFlags); PoolOnly(o, env); }, "main", ct);

                AddRow(table, env, "cold, no pool", Stats.Of(coldNew), Stats.Of(coldOld),
                    env == "docker" ? $"≤ {ColdDockerTargetRatio:0.0}x" : "",
                    env == "docker" ? context.Report.Target("docker cold start on the sandbox engine ≤ 1.3x main engine (old flags)", Stats.Of(coldNew).P50 / Stats.Of(coldOld).P50 <= ColdDockerTargetRatio) : null);
                AddRow(table, env, $"warm pool ({PoolSize})", Stats.Of(warmNew), Stats.Of(warmOld), $"p50 ≤ {WarmTargetMs:0} ms",
                    context.Report.Target($"{env} warm start p50 ≤ 150 ms on the sandbox engine", Stats.Of(warmNew).P50 <= WarmTargetMs));
            }
        }
        finally
        {
            // The baseline ran on the main engine: nothing of this run may stay there either.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var left = await InstanceLeftovers.CountAsync(main, context.InstanceFilter, cleanup.Token);
            if (left.Total > 0) await InstanceLeftovers.RemoveAsync(main, context.InstanceFilter, cleanup.Token);
            Directory.Delete(oldFlags.ImagesRoot, recursive: true);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]old flags = the environment.yaml files with `seccomp: unconfined` (the docker environment before issue 10), " +
                               "on the main engine (no user namespace, plain runc)[/]");
        AnsiConsole.WriteLine();
    }

    private async Task<List<double>> WarmAsync(string env, string learner, int runs, Action<Playground.Sandboxes.SandboxOptions> configure, string engineName, CancellationToken ct)
    {
        var samples = new List<double>();
        await using var engine = await BenchSandboxes.CreateAsync(context, configure, ct);
        await engine.StartPoolAsync(ct);
        await engine.WaitForPoolAsync(env, PoolSize, TimeSpan.FromMinutes(3), ct);
        await BenchProgress.RunAsync($"{env}: warm pool on the {engineName} engine", runs, async step =>
        {
            for (var i = 0; i < runs; i++)
            {
                samples.Add(await StartBenchmark.PromptMsAsync(engine, env, learner, ct));
                await engine.WaitForPoolAsync(env, PoolSize, TimeSpan.FromMinutes(3), ct);
                step();
            }
        });
        return samples;
    }

    private static void AddRow(Table table, string env, string path, Stats sandbox, Stats main, string target, bool? met) =>
        table.AddRow(env, path, $"{Format.Ms(sandbox.P50)} ({Format.Ms(sandbox.P95)})", $"{Format.Ms(main.P50)} ({Format.Ms(main.P95)})",
            Format.Ratio(sandbox.P50 / main.P50), target, met is { } m ? Marks.Of(m) : "");

    private void PoolOnly(Playground.Sandboxes.SandboxOptions options, string environment)
    {
        options.PoolEnabled = true;
        foreach (var other in EnvironmentNames) options.Pool[other] = 0;
        options.Pool["k8s"] = 0;
        options.Pool[environment] = PoolSize;
    }

    private static void OldFlags(Playground.Sandboxes.SandboxOptions options, (string ImagesRoot, string Host) old)
    {
        options.ImagesRoot = old.ImagesRoot;
        options.EngineHost = old.Host;
        options.AllowUnconfinedEnvironments = true;
    }

    /// <summary>Copies of the shell and docker specs with seccomp as it was before issue 10 (unconfined for docker).</summary>
    private (string ImagesRoot, string Host) WriteOldFlagSpecs(string mainHost)
    {
        var root = Path.Combine(context.Scratch, "old-flags");
        foreach (var env in EnvironmentNames)
        {
            Directory.CreateDirectory(Path.Combine(root, env));
            var lines = File.ReadAllLines(Path.Combine(context.Layout.SandboxImages, env, "environment.yaml"))
                .Select(l => l.StartsWith("seccomp:", StringComparison.Ordinal) && env == "docker" ? "seccomp: unconfined" : l);
            File.WriteAllLines(Path.Combine(root, env, "environment.yaml"), lines);
        }
        return (root, mainHost);
    }
}
