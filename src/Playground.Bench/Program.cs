using System.Diagnostics;
using System.Text;
using Playground.Bench;
using Spectre.Console;

// playground-bench: the speed targets of the issues, each measured next to a baseline taken in the
// same run. Everything it creates carries one instance label and is removed at the end, also on
// Ctrl-C and on failure; the closing line proves it with a count from Docker.
Console.OutputEncoding = Encoding.UTF8;
if (Console.IsOutputRedirected)
{
    // A file or pipe gets plain text, wide enough for the tables.
    AnsiConsole.Profile.Width = 170;
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Capabilities.Interactive = false;
}

var arguments = BenchArguments.Parse(args, out var error);
if (arguments is null)
{
    if (!string.IsNullOrEmpty(error)) Console.Error.WriteLine($"playground-bench: {error}");
    Console.Error.WriteLine(BenchArguments.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C unwinds through the clean-up; a second one kills at once.
    if (interrupted.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("playground-bench: interrupted, cleaning up…");
    interrupted.Cancel();
};
var ct = interrupted.Token;

BenchContext context;
try
{
    context = await BenchContext.CreateAsync(arguments, ct);
}
catch (Exception e)
{
    Console.Error.WriteLine($"playground-bench: the Docker engine is not usable: {e.Message}");
    return 2;
}

var total = Stopwatch.StartNew();
InstanceLeftovers? leftovers = null;
await using (context)
{
    AnsiConsole.MarkupLine($"[bold]playground-bench[/] instance [blue]{context.InstanceId}[/], {arguments.Runs} runs{(arguments.Quick ? " (quick)" : "")}, " +
                           $"{Environment.ProcessorCount} cores, load average {HostLoad.Read()}, repository {Markup.Escape(context.Layout.Root)}");
    AnsiConsole.WriteLine();
    var benchmarks = new (string Name, Func<CancellationToken, Task> Run)[]
    {
        ("start", new StartBenchmark(context).RunAsync),
        ("engines", new EngineComparisonBenchmark(context).RunAsync),
        ("terminal", new TerminalBenchmark(context).RunAsync),
        ("k8s", new K8sBenchmark(context).RunAsync),
        ("leak", new LeakBenchmark(context).RunAsync),
        ("lessons", new LessonsBenchmark(context).RunAsync),
        ("browser", new BrowserBenchmark(context).RunAsync),
        ("cohort", new CohortBenchmark(context).RunAsync),
        ("preview", new PreviewBenchmark(context).RunAsync),
    };
    try
    {
        foreach (var (name, run) in benchmarks.Where(b => arguments.Includes(b.Name)))
        {
            try
            {
                await run(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                context.Report.Error(name, e.Message);
                AnsiConsole.MarkupLine($"[red]{name}: failed[/] — {Markup.Escape(e.Message)}");
                AnsiConsole.WriteLine();
            }
        }
    }
    catch (Exception) when (ct.IsCancellationRequested)
    {
        context.Report.Error("run", "interrupted");
    }
    finally
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            leftovers = await InstanceLeftovers.CountAsync(context.Docker, context.InstanceFilter, cleanup.Token);
            if (leftovers.Total > 0) await InstanceLeftovers.RemoveAsync(context.Docker, context.InstanceFilter, cleanup.Token);
            var after = await InstanceLeftovers.CountAsync(context.Docker, context.InstanceFilter, cleanup.Token);
            AnsiConsole.MarkupLine($"Clean-up: labelled playground.instance={context.InstanceId} at the end: {leftovers}" +
                                   (leftovers.Total > 0 ? $"; removed by the safety net, now {after}" : "") + $" {Marks.Of(leftovers.Total == 0)}");
        }
        catch (Exception e)
        {
            AnsiConsole.MarkupLine($"[red]Clean-up failed[/]: {Markup.Escape(e.Message)}");
            leftovers = new InstanceLeftovers(-1, 0, 0);
        }
    }

    var report = context.Report;
    var met = report.Targets.Count(t => t.Met);
    AnsiConsole.MarkupLine($"Targets met: {met} of {report.Targets.Count}" +
                           (report.Targets.Any(t => !t.Met) ? $" — missed: {Markup.Escape(string.Join("; ", report.Targets.Where(t => !t.Met).Select(t => t.Target)))}" : "") +
                           $". Total {total.Elapsed.TotalMinutes:0.0} min; load average now {HostLoad.Read()}.");
    foreach (var (benchmark, message) in report.Errors)
        AnsiConsole.MarkupLine($"[red]Error[/] in {benchmark}: {Markup.Escape(message)}");

    if (report.Errors.Count > 0 || leftovers is not { Total: 0 }) return 2;
    return report.Targets.All(t => t.Met) ? 0 : 1;
}
