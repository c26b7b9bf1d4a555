using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Playground.Checks;
using Playground.Checks.SelfTest;
using Playground.Lessons;
using Playground.Sandboxes;
using Playground.Sandboxes.Docker;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Hosting;
using Spectre.Console;

namespace Playground.Web.Cli;

/// <summary>`playground lessons validate|new|test|import`: the instructors' tools.</summary>
internal static class LessonsCommands
{
    public static Command Build()
    {
        var lessons = new Command("lessons", "Author and verify lessons.");
        lessons.Subcommands.Add(Validate());
        lessons.Subcommands.Add(New());
        lessons.Subcommands.Add(Test());
        lessons.Subcommands.Add(Import());
        return lessons;
    }

    private static Command Validate()
    {
        var path = new Argument<string?>("path") { Description = "A lesson, a track or the lessons folder (default: lessons/)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("validate", "Report every problem as file:line: message; exit 1 when there are errors.") { path };
        command.SetAction(async (parse, ct) =>
        {
            var layout = RepositoryLayout.Discover();
            if (TargetOrRoot(parse.GetValue(path)) is not { } target) return 2;
            var environments = EnvironmentCatalog.LoadAll(layout.SandboxImages).Specs.Keys.ToHashSet(StringComparer.Ordinal);
            var report = await new LessonValidator().ValidateAsync(target, environments, ct);
            foreach (var diagnostic in report.Diagnostics) Console.WriteLine(diagnostic.ToString());
            var errors = report.Errors.Count();
            Console.WriteLine($"{report.LessonCount} lessons checked: {errors} errors, {report.Warnings.Count()} warnings");
            return errors > 0 ? 1 : 0;
        });
        return command;
    }

    private static Command New()
    {
        var key = new Argument<string>("track/lesson") { Description = "Where to create the lesson, e.g. docker/volumes" };
        var environment = new Option<string>("--environment") { Description = "Environment under sandbox-images/ (or none)", DefaultValueFactory = _ => "shell" };
        var root = new Option<string?>("--root") { Description = $"The lessons folder to write into (default: {LessonsRoot.SettingVariable}, else lessons/ of the checkout you are in)" };
        var command = new Command("new", "Scaffold a lesson (English and Korean) that passes the validator.") { key, environment, root };
        command.SetAction(parse =>
        {
            if (LessonsRoot.Resolve(parse.GetValue(root), out var error) is not { } lessonsRoot)
            {
                Console.Error.WriteLine($"error: {error}");
                return 2;
            }
            try
            {
                var result = LessonScaffolder.Create(lessonsRoot, parse.GetValue(key)!, parse.GetValue(environment)!);
                foreach (var file in result.CreatedFiles) Console.WriteLine($"created {Shown(file)}");
                Console.WriteLine($"{(result.TrackFileCreated ? "created" : "updated")} {Shown(result.TrackFile)}");
                return 0;
            }
            catch (LessonScaffoldException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Import()
    {
        var import = new Command("import", "Convert lessons from other formats.");
        var scenario = new Argument<string>("DIR") { Description = "A Killercoda/Katacoda scenario folder (the one with index.json)" };
        var output = new Option<string?>("--out") { Description = $"The lessons folder to write into (default: {LessonsRoot.SettingVariable}, else lessons/ of the checkout you are in)" };
        var track = new Option<string>("--track") { Description = "Track to add the lesson to (created when new)", DefaultValueFactory = _ => "imported" };
        var lesson = new Option<string?>("--lesson") { Description = "Lesson folder name (default: the scenario folder's name)" };
        var environment = new Option<string?>("--environment") { Description = "Environment to use instead of the one derived from backend.imageid" };
        var killercoda = new Command("killercoda", "Convert a Killercoda/Katacoda scenario into a lesson and report what could not be mapped.")
            { scenario, output, track, lesson, environment };
        killercoda.SetAction(parse =>
        {
            if (LessonsRoot.Resolve(parse.GetValue(output), out var error) is not { } lessonsRoot)
            {
                Console.Error.WriteLine($"error: {error}");
                return 2;
            }
            try
            {
                var result = KillercodaImporter.Import(parse.GetValue(scenario)!, lessonsRoot, parse.GetValue(track)!, parse.GetValue(lesson), parse.GetValue(environment));
                foreach (var file in result.CreatedFiles) Console.WriteLine($"created {Shown(file)}");
                Console.WriteLine($"updated {Shown(result.TrackFile)}");
                Console.WriteLine($"environment: {result.Environment}");
                if (result.Notes.Count > 0)
                {
                    Console.WriteLine($"{result.Notes.Count} thing(s) to check by hand:");
                    foreach (var note in result.Notes) Console.WriteLine($"  - {note}");
                }
                Console.WriteLine($"next: playground lessons validate {Shown(result.LessonDirectory)} && playground lessons test {Shown(result.LessonDirectory)}");
                return 0;
            }
            catch (KillercodaImportException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        import.Subcommands.Add(killercoda);
        return import;
    }

    /// <summary>A path as the author typed it: relative to the current folder when inside it.</summary>
    private static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string? TargetOrRoot(string? path)
    {
        if (path is not null) return Path.GetFullPath(path);
        if (LessonsRoot.Resolve(null, out var error) is { } root) return root;
        Console.Error.WriteLine($"error: {error}");
        return null;
    }

    private static Command Test()
    {
        var path = new Argument<string?>("path") { Description = "A lesson, a track or the lessons folder (default: lessons/)", Arity = ArgumentArity.ZeroOrOne };
        var parallel = new Option<int>("--parallel") { Description = "Lessons tested at once", DefaultValueFactory = _ => 2 };
        var summary = new Option<string?>("--summary-file") { Description = "Write 'passed failed skipped' counts to this file" };
        var command = new Command("test", "Solve every lesson in a fresh environment: setup, checks fail, solve, checks pass.") { path, parallel, summary };
        command.SetAction(async (parse, ct) =>
        {
            var layout = RepositoryLayout.Discover();
            if (TargetOrRoot(parse.GetValue(path)) is not { } target) return 2;
            var report = await RunSelfTestAsync(layout, target, parse.GetValue(parallel), ct);
            PrintReport(report);
            if (parse.GetValue(summary) is { } file) await File.WriteAllTextAsync(file, $"{report.Passed} {report.Failed} {report.Skipped}\n", ct);
            return report.Failed > 0 ? 1 : 0;
        });
        return command;
    }

    private static async Task<SelfTestReport> RunSelfTestAsync(RepositoryLayout layout, string target, int parallelism, CancellationToken ct)
    {
        var lessonsRoot = target.StartsWith(layout.Lessons, StringComparison.Ordinal) ? layout.Lessons : FindLessonsRoot(target);
        var catalog = new LessonCatalog(lessonsRoot);
        bool Under(string file) => Path.GetFullPath(file).StartsWith(target, StringComparison.Ordinal);
        var selected = catalog.Snapshot.Lessons.Where(l => Under(l.Directory)).ToList();
        // Broken lessons are failures of the self-test, never silently dropped.
        var broken = catalog.Problems.Where(p => p.IsError && Under(p.File))
            .Select(p => new SelfTestRow(Path.GetRelativePath(lessonsRoot, p.File), "load", SelfTestOutcome.Failed, TimeSpan.Zero, p.ToString()))
            .ToList();

        var db = Path.Combine(Path.GetTempPath(), $"pg-selftest-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Playground:Sandboxes:InstanceId"] = "selftest-" + Guid.NewGuid().ToString("N")[..8],
            ["Playground:Sandboxes:ImagesRoot"] = layout.SandboxImages,
            ["Playground:Sandboxes:ConnectionString"] = $"Data Source={db}",
            ["Playground:Sandboxes:PoolEnabled"] = "false",
            ["Playground:Sandboxes:MaxSandboxes"] = "1000",
            ["Playground:Sandboxes:MaxSandboxesPerLearner"] = "1000",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddDockerSandboxBackend(configuration)
            .AddSandboxes(configuration, hosted: false)
            .AddSingleton(sp => new CheckRunner(new CheckOptions(), sp.GetRequiredService<ILogger<CheckRunner>>()))
            .AddSingleton<LessonSelfTest>()
            .BuildServiceProvider();
        await using (services)
        {
            var manager = services.GetRequiredService<WorkspaceManager>();
            await manager.RecoverAsync(ct);
            try
            {
                var report = await services.GetRequiredService<LessonSelfTest>().RunAsync(selected, parallelism,
                    row => Console.WriteLine($"  {row.Outcome.ToString().ToLowerInvariant(),-7} {row.Lesson} {row.Step} ({row.Elapsed.TotalSeconds:0.0} s){(row.Detail is null ? "" : " — " + row.Detail)}"), ct);
                return new SelfTestReport([.. broken, .. report.Rows]);
            }
            finally
            {
                // Whatever happened (failure, Ctrl-C), no environment outlives the self-test.
                await manager.ShutdownAsync(CancellationToken.None);
                try { File.Delete(db); File.Delete(db + "-wal"); File.Delete(db + "-shm"); } catch (IOException) { }
            }
        }
    }

    private static string FindLessonsRoot(string target)
    {
        for (var dir = new DirectoryInfo(target); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "track.yaml"))) return dir.Parent!.FullName;
        return target;
    }

    private static void PrintReport(SelfTestReport report)
    {
        var table = new Table().AddColumns("lesson", "step", "result", "seconds", "detail");
        foreach (var row in report.Rows)
        {
            var result = row.Outcome switch
            {
                SelfTestOutcome.Passed => "[green]passed[/]",
                SelfTestOutcome.Failed => "[red]failed[/]",
                _ => "[yellow]skipped[/]",
            };
            table.AddRow(Markup.Escape(row.Lesson), Markup.Escape(row.Step), result, row.Elapsed.TotalSeconds.ToString("0.0"), Markup.Escape(row.Detail ?? ""));
        }
        CliConsole.Create().Write(table);
        Console.WriteLine($"lessons test: {report.Passed} passed, {report.Failed} failed, {report.Skipped} skipped");
    }
}
