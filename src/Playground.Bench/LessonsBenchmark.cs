using System.Diagnostics;
using Playground.Lessons;
using Playground.Sandboxes.Environments;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Validating the whole curriculum (issue 13: "validating 34 lessons takes 18.8 s", target under 3 s).
/// Three ways in the same run: the `playground lessons validate` command as an author runs it (a fresh process,
/// runtime start included), the validator in process, and the same validator with one <c>bash -n</c> process per
/// script, which is how it worked before and is the baseline.
/// </summary>
internal sealed class LessonsBenchmark(BenchContext context)
{
    private const double TargetMs = 3000;

    public async Task RunAsync(CancellationToken ct)
    {
        var runs = context.Arguments.Quick ? 3 : 7;
        var lessons = context.Layout.Lessons;
        var environments = EnvironmentCatalog.LoadAll(context.Layout.SandboxImages).Specs.Keys.ToHashSet(StringComparer.Ordinal);

        // One untimed pass warms the JIT and the file cache for the in-process rows.
        var first = await new LessonValidator().ValidateAsync(lessons, environments, ct);
        var inProcess = new List<double>();
        var perScript = new List<double>();
        var loadOnly = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            inProcess.Add(await TimeAsync(() => new LessonValidator().ValidateAsync(lessons, environments, ct)));
            perScript.Add(await TimeAsync(() => new LessonValidator(processPerScript: true).ValidateAsync(lessons, environments, ct)));
            loadOnly.Add(await TimeAsync(() => Task.FromResult(new LessonCatalog(lessons))));
        }

        var command = new List<double>();
        var cli = FindCli();
        if (cli is not null)
        {
            for (var i = 0; i < runs; i++) command.Add(await TimeCliAsync(cli, lessons, ct));
        }

        var table = new Table().Title($"[bold]Lesson validation[/]: the whole curriculum ({first.LessonCount} lessons, {first.Diagnostics.Count} diagnostics), {runs} runs each")
            .AddColumn("what").AddColumn(new TableColumn("p50").RightAligned()).AddColumn(new TableColumn("max").RightAligned())
            .AddColumn(new TableColumn("vs baseline").RightAligned()).AddColumn("Target").AddColumn("Met");
        var baseline = Stats.Of(perScript);
        void Row(string what, Stats stats, string target = "", bool? met = null) =>
            table.AddRow(what, Format.Ms(stats.P50), Format.Ms(stats.Max), Format.Ratio(stats.P50 / baseline.P50), target, met is null ? "" : Marks.Of(met.Value));

        if (command.Count > 0)
        {
            var stats = Stats.Of(command);
            Row("`playground lessons validate lessons` (new process)", stats, "p50 < 3 s", context.Report.Target("lessons validate (whole curriculum) p50 < 3 s", stats.P50 < TargetMs));
        }
        else
        {
            table.AddRow("`playground lessons validate` (new process)", "-", "-", "-", "not built: dotnet build src/Playground.Web", "");
        }
        Row("in process, one bash for all scripts", Stats.Of(inProcess));
        Row("in process, baseline: one bash -n per script", baseline);
        Row("in process, parsing only (catalog load, no bash)", Stats.Of(loadOnly));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Load average {HostLoad.Read()}; the command row includes starting the .NET runtime.");
        AnsiConsole.WriteLine();
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The built playground.dll of the same configuration as this bench, else any built one.</summary>
    private string? FindCli()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return new[] { configuration, configuration == "Release" ? "Debug" : "Release" }
            .Select(c => Path.Combine(context.Layout.Root, "src", "Playground.Web", "bin", c, "net10.0", "playground.dll"))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<double> TimeCliAsync(string dll, string lessons, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "lessons", "validate", lessons])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        await output;
        await errors;
        if (process.ExitCode != 0) throw new InvalidOperationException($"lessons validate exited with {process.ExitCode}: {(await output).Split('\n').LastOrDefault(l => l.Length > 0)}");
        return elapsed;
    }
}
