using System.Net;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// A lessons root with one shell lesson for "Solve it for me" and cleanup scripts: step 1 is solvable and has a
/// cleanup, step 2 opts out (<c>solvable: false</c>), step 3 only exists to be opened.
/// </summary>
public sealed class SolvableLessonServer : IAsyncLifetime
{
    public const string Track = "helping";
    public const string Lesson = "solvable";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pg-solve-lessons-" + Guid.NewGuid().ToString("N")[..10]);
    private PlaygroundServer? _server;

    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        Write("helping/track.yaml", """
            title: {en: Helping, ko: 도움}
            description: {en: "Solve it for me.", ko: "대신 풀기."}
            order: 0
            lessons: [solvable]
            """);
        Write("helping/solvable/lesson.md", """
            ---
            title: Solvable
            summary: Steps that can be solved for the learner.
            level: beginner
            duration: 5
            environment: shell
            ---
            Intro.
            """);
        Write("helping/solvable/01-make.md", """
            ---
            title: Make a file
            checks:
              - id: made
                run: test -f ~/made.txt
                fail: There is no `made.txt` yet.
            solve: |
              echo made > ~/made.txt
            cleanup: |
              rm -f ~/made.txt
              touch ~/cleaned-1
            ---
            Create `~/made.txt`.
            """);
        Write("helping/solvable/02-own.md", """
            ---
            title: On your own
            solvable: false
            checks:
              - run: test -f ~/own.txt
            solve: |
              touch ~/own.txt
            ---
            Create `~/own.txt` yourself.
            """);
        Write("helping/solvable/03-last.md", """
            ---
            title: Last
            ---
            Done.
            """);
        _server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Lessons:Root"] = _root });
        TestLessonsServer.LessonsLoadedCleanly(_server);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_server is not null) await _server.DisposeAsync(); }
        finally { Directory.Delete(_root, recursive: true); }
    }
}

/// <summary>"Solve it for me" and cleanup scripts through the HTTP API, in a real shell sandbox.</summary>
public sealed class SolveItForMeTests(SolvableLessonServer fixture, DockerEngine docker) : IClassFixture<SolvableLessonServer>
{
    private const string Track = SolvableLessonServer.Track, Lesson = SolvableLessonServer.Lesson;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private PlaygroundServer Server => fixture.Server;

    private static string StepUrl(int step, string action, string? lang = null) =>
        $"/api/lessons/{Track}/{Lesson}/steps/{step}/{action}{(lang is null ? "" : "?lang=" + lang)}";

    [Fact]
    public async Task Solve_runs_the_solve_script_and_the_checks_and_marks_the_step_solved_with_help()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var lesson = (await learner.LessonAsync(Track, Lesson)).Ok();
        Assert.True(lesson["steps"]![0]!["solvable"]!.GetValue<bool>());
        Assert.False(lesson["steps"]![1]!["solvable"]!.GetValue<bool>());
        Assert.False(lesson["steps"]![2]!["solvable"]!.GetValue<bool>());
        Assert.True(lesson["steps"]![1]!["runsCleanup"]!.GetValue<bool>());
        var workspace = await learner.StartWorkspaceAsync(Track, Lesson);

        var solved = (await learner.PostAsync(StepUrl(1, "solve"), new { workspaceId = workspace.Id })).Ok();

        Assert.Equal("passed", solved["verdict"]!.GetValue<string>());
        Assert.Null(solved["message"]);
        Assert.Equal([1], solved["progress"]!["passedSteps"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([1], solved["progress"]!["solvedWithHelpSteps"]!.AsArray().Select(n => n!.GetValue<int>()));
        // The script ran in the learner's own sandbox.
        Assert.Equal("made\n", (await Exec(workspace.Id, "cat ~/made.txt")).Stdout);
        // The state is the server's: the lesson reloaded says the same, and a second solve is refused.
        var reloaded = (await learner.LessonAsync(Track, Lesson)).Ok();
        Assert.Equal([1], reloaded["progress"]!["solvedWithHelpSteps"]!.AsArray().Select(n => n!.GetValue<int>()));
        var again = await learner.PostAsync(StepUrl(1, "solve"), new { workspaceId = workspace.Id });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("This step is already passed.", again.Error);
    }

    [Fact]
    public async Task A_step_that_opts_out_another_learners_workspace_and_no_workspace_are_refused()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync(Track, Lesson);

        var optedOut = await learner.PostAsync(StepUrl(2, "solve", "ko"), new { workspaceId = workspace.Id });
        Assert.Equal(HttpStatusCode.Forbidden, optedOut.Status);
        Assert.Equal("이 단계에서는 '대신 풀기'를 쓸 수 없습니다.", optedOut.Error);
        Assert.False(await Exists(workspace.Id, "~/own.txt"));

        using var other = Server.NewLearner();
        var foreign = await other.PostAsync(StepUrl(1, "solve"), new { workspaceId = workspace.Id });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.Status);
        Assert.False(await Exists(workspace.Id, "~/made.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(StepUrl(1, "solve"), new { workspaceId = "nope" })).Status);
        Assert.Empty((await learner.LessonAsync(Track, Lesson)).Ok()["progress"]!["solvedWithHelpSteps"]!.AsArray());
    }

    [Fact]
    public async Task A_passed_steps_cleanup_runs_once_when_a_later_step_is_opened_and_not_before_it_is_passed()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync(Track, Lesson);

        // Not passed yet: moving on runs no cleanup.
        Assert.Equal(HttpStatusCode.NoContent, (await learner.PostAsync(StepUrl(2, "open"), new { workspaceId = workspace.Id })).Status);
        Assert.False(await Exists(workspace.Id, "~/cleaned-1"));

        await Exec(workspace.Id, "echo mine > ~/made.txt");
        Assert.Equal("passed", (await learner.CheckAsync(1, workspace.Id, Track, Lesson)).Ok()["verdict"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await learner.PostAsync(StepUrl(3, "open"), new { workspaceId = workspace.Id })).Status);
        Assert.True(await Exists(workspace.Id, "~/cleaned-1"));
        Assert.False(await Exists(workspace.Id, "~/made.txt"));

        // Once per workspace: going back and forth does not run it again.
        await Exec(workspace.Id, "rm ~/cleaned-1");
        Assert.Equal(HttpStatusCode.NoContent, (await learner.PostAsync(StepUrl(2, "open"), new { workspaceId = workspace.Id })).Status);
        Assert.False(await Exists(workspace.Id, "~/cleaned-1"));
    }

    private Task<SandboxExecResult> Exec(string workspaceId, string script) =>
        Server.Get<WorkspaceManager>().ExecAsync(workspaceId, new SandboxExecRequest(["bash", "-c", script]), Ct);

    private async Task<bool> Exists(string workspaceId, string path) =>
        (await Exec(workspaceId, $"test -e {path} && echo yes || echo no")).Stdout.Trim() == "yes";
}
