using System.Net;
using System.Text.Json.Nodes;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>POST .../steps/{n}/check and .../solution over first-steps: real checks in a real sandbox.</summary>
public sealed class CheckTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task A_failing_check_gives_the_authors_fail_text_one_hint_and_skips_the_dependent_condition()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var report = (await learner.CheckAsync(1, workspace.Id, lang: "en")).Ok();

        Assert.Equal("failed", report["verdict"]!.GetValue<string>());
        var conditions = report["conditions"]!.AsArray();
        Assert.Equal(2, conditions.Count);
        Assert.Equal("exists", conditions[0]!["id"]!.GetValue<string>());
        Assert.Equal("failed", conditions[0]!["status"]!.GetValue<string>());
        Assert.Equal("There is no file hello.txt in your home folder yet.", conditions[0]!["message"]!.GetValue<string>());
        Assert.Equal("content", conditions[1]!["id"]!.GetValue<string>());
        Assert.Equal("skipped", conditions[1]!["status"]!.GetValue<string>());
        var hint = Assert.Single(report["revealedHints"]!.AsArray());
        Assert.Contains("<code>echo</code>", hint!.GetValue<string>());
        Assert.True(report["solutionAvailable"]!.GetValue<bool>());
        Assert.Empty(report["progress"]!["passedSteps"]!.AsArray());
        Assert.Equal(1, report["progress"]!["currentStep"]!.GetValue<int>());

        // The page, reloaded, shows the same revealed hint.
        var step = (await learner.LessonAsync(lang: "en")).Ok()["steps"]![0]!;
        Assert.Single(step["revealedHints"]!.AsArray());
        Assert.True(step["solutionAvailable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Fail_texts_and_hints_follow_the_language()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var report = (await learner.CheckAsync(1, workspace.Id, lang: "ko")).Ok();

        Assert.Equal("홈 폴더에 아직 hello.txt 파일이 없습니다.", report["conditions"]![0]!["message"]!.GetValue<string>());
        Assert.Contains("글자를 출력하고", Assert.Single(report["revealedHints"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Each_failed_check_reveals_one_more_hint_up_to_the_number_of_hints()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var counts = new List<int>();
        for (var i = 0; i < 3; i++)
            counts.Add((await learner.CheckAsync(1, workspace.Id)).Ok()["revealedHints"]!.AsArray().Count);

        Assert.Equal([1, 2, 2], counts);
    }

    [Fact]
    public async Task Solution_is_403_before_any_failure_and_200_after()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var early = await learner.PostAsync("/api/lessons/getting-started/first-steps/steps/1/solution");
        Assert.Equal(HttpStatusCode.Forbidden, early.Status);
        Assert.Contains("Try the check", early.Error);

        await learner.CheckAsync(1, workspace.Id);
        var solution = (await learner.PostAsync("/api/lessons/getting-started/first-steps/steps/1/solution")).Ok();

        var html = solution["html"]!.GetValue<string>();
        Assert.Contains("echo", html);
        Assert.Contains("hello.txt", html);
        // Another step's solution stays locked.
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.PostAsync("/api/lessons/getting-started/first-steps/steps/2/solution")).Status);
    }

    [Fact]
    public async Task Solving_in_the_terminal_passes_the_check_and_moves_progress_everywhere()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        Assert.Equal("failed", (await learner.CheckAsync(1, workspace.Id)).Ok()["verdict"]!.GetValue<string>());

        await using (var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            // Step 1's solve script, typed as the learner would.
            await terminal.RunAsync("echo 'Hello, Playground' > ~/hello.txt");
        }
        var report = (await learner.CheckAsync(1, workspace.Id)).Ok();

        Assert.Equal("passed", report["verdict"]!.GetValue<string>());
        Assert.All(report["conditions"]!.AsArray(), c => Assert.Equal("passed", c!["status"]!.GetValue<string>()));
        Assert.Equal([1], Api.PassedSteps(report["progress"]!));
        Assert.Equal(2, report["progress"]!["currentStep"]!.GetValue<int>());

        // Step 2 through the sandbox directly, with the lesson's own solve script.
        await Server.SolveAsync(workspace.Id, "mkdir -p ~/project/notes\nmv ~/hello.txt ~/project/notes/\n");
        var second = (await learner.CheckAsync(2, workspace.Id)).Ok();
        Assert.Equal("passed", second["verdict"]!.GetValue<string>());
        Assert.Equal([1, 2], Api.PassedSteps(second["progress"]!));

        var lesson = (await learner.LessonAsync()).Ok();
        Assert.Equal([1, 2], Api.PassedSteps(lesson["progress"]!));
        Assert.Equal(3, lesson["progress"]!["currentStep"]!.GetValue<int>());
        var summary = FirstSteps((await learner.GetAsync("/api/catalog")).Ok())["progress"]!;
        Assert.Equal(2, summary["passedSteps"]!.GetValue<int>());
        Assert.False(summary["finished"]!.GetValue<bool>());

        // Nobody else's progress moved.
        using var other = Server.NewLearner();
        Assert.Equal(0, FirstSteps((await other.GetAsync("/api/catalog")).Ok())["progress"]!["passedSteps"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_check_on_an_ended_workspace_is_410()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}")).Status);

        var reply = await learner.CheckAsync(1, workspace.Id);

        Assert.Equal(HttpStatusCode.Gone, reply.Status);
        Assert.Equal("destroyed", reply.Json!["reason"]!.GetValue<string>());
        Assert.Contains("ended", reply.Error);
    }

    [Fact]
    public async Task A_check_on_another_learners_workspace_is_403_and_runs_nothing()
    {
        await docker.RequireShellAsync();
        using var owner = Server.NewLearner();
        using var intruder = Server.NewLearner();
        var workspace = await owner.StartWorkspaceAsync();

        var reply = await intruder.CheckAsync(1, workspace.Id);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.DoesNotContain("exists", reply.Body);
        // The owner's hint counter did not move.
        Assert.Empty((await owner.LessonAsync()).Ok()["steps"]![0]!["revealedHints"]!.AsArray());
    }

    [Fact]
    public async Task Bad_check_requests_are_refused_with_an_error()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var noWorkspace = await learner.PostAsync("/api/lessons/getting-started/first-steps/steps/1/check", new { });
        Assert.Equal(HttpStatusCode.NotFound, noWorkspace.Status);
        Assert.Contains("workspace", noWorkspace.Error);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.CheckAsync(1, "aaaaaaaaaaaaaaaaaaaaaaaa")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.CheckAsync(9, workspace.Id)).Status);
        var quizStep = await learner.CheckAsync(3, workspace.Id);
        Assert.Equal(HttpStatusCode.BadRequest, quizStep.Status);
        Assert.Contains("no checks", quizStep.Error);
    }

    [Fact]
    public async Task A_workspace_of_another_lesson_cannot_check_this_lesson()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync("virtualization", "inspect-your-machine");

        var reply = await learner.CheckAsync(1, workspace.Id);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("another lesson", reply.Error);
    }

    private static JsonNode FirstSteps(JsonNode catalog) =>
        catalog["tracks"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == "getting-started")!["lessons"]![0]!;
}
