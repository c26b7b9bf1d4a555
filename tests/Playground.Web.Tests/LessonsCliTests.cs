using System.Diagnostics;
using Playground.Testing;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// `playground lessons ...` as an author runs it: the built playground.dll in a new process, output to a pipe
/// (so plain text is expected), working in a folder outside the checkout.
/// </summary>
public sealed class LessonsCliTests(DockerEngine docker) : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("pg-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_outside, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task New_writes_where_root_says_and_outside_a_checkout_without_root_it_asks_for_one()
    {
        var root = Path.Combine(_outside, "my-lessons");
        var created = await RunAsync("lessons", "new", "ops/backups", "--root", root);
        Assert.True(created.ExitCode == 0, created.Output);
        Assert.True(File.Exists(Path.Combine(root, "ops", "backups", "lesson.md")), created.Output);
        Assert.Contains("created my-lessons/ops/backups/lesson.md", created.Output);

        var validated = await RunAsync("lessons", "validate", root);
        Assert.True(validated.ExitCode == 0, validated.Output);
        Assert.Contains("1 lessons checked: 0 errors, 0 warnings", validated.Output);

        var refused = await RunAsync("lessons", "new", "ops/restore");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("pass --root DIR", refused.Output);
        Assert.False(Directory.Exists(Path.Combine(Repository, "lessons", "ops")), "wrote into the installation's lessons/");
    }

    [Fact]
    public async Task A_validation_error_prints_file_line_col_with_a_hint()
    {
        var root = Path.Combine(_outside, "broken");
        Assert.Equal(0, (await RunAsync("lessons", "new", "t/l", "--root", root)).ExitCode);
        var step = Path.Combine(root, "t", "l", "01-first-step.md");
        await File.WriteAllTextAsync(step, (await File.ReadAllTextAsync(step)).Replace("title: ", "title: [unclosed "), TestContext.Current.CancellationToken);

        var result = await RunAsync("lessons", "validate", root);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"broken/t/l/01-first-step\.md:\d+:\d+: error: invalid YAML: .*\(hint: ", result.Output);
        Assert.DoesNotContain("translates", result.Output); // no cascade onto 01-first-step.ko.md
    }

    [Fact]
    public async Task An_imported_killercoda_scenario_passes_the_self_test_in_real_sandboxes_with_plain_output()
    {
        await docker.RequireShellAsync();
        var root = Path.Combine(_outside, "lessons");
        var scenario = Path.Combine(Repository, "tests", "Playground.Lessons.Tests", "Corpus", "killercoda", "file-basics");

        var imported = await RunAsync("lessons", "import", "killercoda", scenario, "--out", root);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("environment: shell", imported.Output);

        var validated = await RunAsync("lessons", "validate", root);
        Assert.True(validated.ExitCode == 0 && validated.Output.Contains("0 errors, 0 warnings"), validated.Output);

        var tested = await RunAsync("lessons", "test", Path.Combine(root, "imported", "file-basics"));
        Assert.True(tested.ExitCode == 0, tested.Output);
        Assert.Contains("lessons test: 3 passed, 0 failed, 0 skipped", tested.Output);
        Assert.DoesNotContain('\u001b', tested.Output);
    }

    private static string Repository
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Playground.sln"))) return dir.FullName;
            throw new InvalidOperationException("Playground.sln not found");
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "playground.dll"), .. args])
        {
            WorkingDirectory = _outside,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("Playground__Lessons__Root");
        start.Environment["TERM"] = "xterm-256color"; // a terminal type is set, but the output is a pipe: still plain
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
