using System.Collections.Concurrent;
using System.Diagnostics;
using Playground.Progress;
using Playground.Sandboxes.Workspaces;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Create/destroy cycles through WorkspaceManager, two learners at a time, then a count of everything Docker still holds under
/// the bench's instance label — taken while the engine is still up, so that its own shutdown sweep
/// cannot hide a leak. Mostly `shell`; a few `docker` cycles too, because that environment adds a
/// volume per sandbox.
/// </summary>
internal sealed class LeakBenchmark(BenchContext context)
{
    // Two learners at a time: on two cores that measured 1.4-1.9x the cycles/s of one (dockerd waits
    // on I/O between calls), and creates and removals then also race each other, as they do in class.
    private const int Concurrency = 2;

    private sealed record Row(string Environment, int Cycles, TimeSpan Elapsed, Stats Create, Stats Destroy);

    public async Task RunAsync(CancellationToken ct)
    {
        var cycles = context.Arguments.LeakCycles;
        var rows = new List<Row>();
        InstanceLeftovers leftovers;
        await using (var engine = await BenchSandboxes.CreateAsync(context, o => o.PoolEnabled = false, ct))
        {
            var plan = new List<(string Environment, int Cycles)> { ("shell", cycles) };
            if ((await engine.Environments.GetAvailabilityAsync("docker", ct)).Available)
                plan.Add(("docker", Math.Clamp(cycles / 50, 2, 20)));

            foreach (var (environment, count) in plan)
            {
                if (!(await engine.Environments.GetAvailabilityAsync(environment, ct)).Available) continue;
                rows.Add(await CycleAsync(engine.Manager, environment, count, ct));
            }
            leftovers = await InstanceLeftovers.CountAsync(context.Docker, context.InstanceFilter, ct);
        }

        var met = context.Report.Target("no container, volume or network left after create/destroy cycles", leftovers.Total == 0);
        var table = new Table().Title($"[bold]Leak[/]: create/destroy cycles through WorkspaceManager ({Concurrency} learners at a time, pool off)")
            .AddColumn("Environment").AddColumn(new TableColumn("Cycles").RightAligned()).AddColumn(new TableColumn("Elapsed").RightAligned())
            .AddColumn(new TableColumn("Cycles/s").RightAligned())
            .AddColumn(new TableColumn("CreateAsync p50 / p95").RightAligned()).AddColumn(new TableColumn("EndAsync p50 / p95").RightAligned());
        foreach (var row in rows)
            table.AddRow(row.Environment, row.Cycles.ToString(), $"{row.Elapsed.TotalSeconds:0.0} s",
                Format.Number(row.Cycles / row.Elapsed.TotalSeconds, "0.00"),
                $"{Format.Ms(row.Create.P50)} / {Format.Ms(row.Create.P95)}", $"{Format.Ms(row.Destroy.P50)} / {Format.Ms(row.Destroy.P95)}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"  Labelled playground.instance={context.InstanceId} after the cycles, before any clean-up sweep: {leftovers} — target 0 {Marks.Of(met)}");
        AnsiConsole.WriteLine();
    }

    private static async Task<Row> CycleAsync(WorkspaceManager manager, string environment, int cycles, CancellationToken ct)
    {
        var learners = Enumerable.Range(0, Concurrency).Select(_ => LearnerIds.New()).ToArray();
        var create = new ConcurrentBag<double>();
        var destroy = new ConcurrentBag<double>();
        var started = Stopwatch.GetTimestamp();
        await BenchProgress.RunAsync($"leak: {environment} create/destroy", cycles, async step =>
        {
            var next = -1;
            await Task.WhenAll(learners.Select(learner => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < cycles)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var workspace = await manager.CreateAsync(learner, $"bench/leak-{i}", environment, ct);
                    var t1 = Stopwatch.GetTimestamp();
                    await manager.EndAsync(workspace.Id, TerminationReason.Destroyed, ct);
                    create.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                    destroy.Add(Stopwatch.GetElapsedTime(t1).TotalMilliseconds);
                    step();
                }
            }, ct)));
        });
        return new Row(environment, cycles, Stopwatch.GetElapsedTime(started), Stats.Of(create), Stats.Of(destroy));
    }
}
