using System.Net;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>The sandbox dies while a check runs in it: the learner gets verdict error, not a wrong "failed".</summary>
public sealed class CheckEnvironmentGoneTests(TestLessonsServer fixture, DockerEngine docker) : IClassFixture<TestLessonsServer>
{
    private PlaygroundServer Server => fixture.Server;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_sandbox_during_a_slow_condition_gives_verdict_error()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync(TestLessons.Track, TestLessons.Slow);
        var sandboxId = Server.Get<WorkspaceManager>().GetLive(workspace.Id)!.Sandboxes[0].SandboxId;

        var check = learner.CheckAsync(1, workspace.Id, TestLessons.Track, TestLessons.Slow);
        // The condition waits for a file nobody creates: it is still running when the sandbox is killed.
        await WaitForFileAsync(workspace.Id, "/tmp/check-started");
        await docker.KillSandboxAsync(sandboxId, ct: Ct);
        var report = (await check).Ok();

        Assert.Equal("error", report["verdict"]!.GetValue<string>());
        var conditions = report["conditions"]!.AsArray();
        Assert.Equal("error", conditions[0]!["status"]!.GetValue<string>());
        Assert.Contains("no longer available", conditions[0]!["message"]!.GetValue<string>());
        Assert.Equal("skipped", conditions[1]!["status"]!.GetValue<string>());
        Assert.Empty(report["progress"]!["passedSteps"]!.AsArray());
        // The sandbox failed, not the learner: no failed attempt, so no solution unlocked.
        Assert.False(report["solutionAvailable"]!.GetValue<bool>());

        // The reaper notices the dead sandbox and ends the workspace with the reason.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        Api.Reply reply;
        do
        {
            await Task.Delay(250, Ct);
            reply = await learner.GetAsync($"/api/workspaces/{workspace.Id}");
        } while (reply.Status == HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Gone, reply.Status);
        Assert.Equal("crashed", reply.Json!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_slow_check_passes_when_nothing_interferes()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync(TestLessons.Track, TestLessons.Slow);

        var check = learner.CheckAsync(1, workspace.Id, TestLessons.Track, TestLessons.Slow);
        await WaitForFileAsync(workspace.Id, "/tmp/check-started");
        await Server.Get<WorkspaceManager>().ExecAsync(workspace.Id, new SandboxExecRequest(["touch", "/tmp/check-go"]), Ct);
        var report = (await check).Ok();

        Assert.Equal("passed", report["verdict"]!.GetValue<string>());
    }

    /// <summary>Waits (up to a minute, for a loaded machine) until the running check has created <paramref name="path"/>.</summary>
    private async Task WaitForFileAsync(string workspaceId, string path)
    {
        var manager = Server.Get<WorkspaceManager>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var probe = await manager.ExecAsync(workspaceId, new SandboxExecRequest(["test", "-e", path]), Ct);
            if (probe.ExitCode == 0) return;
            await Task.Delay(50, Ct);
        }
        Assert.Fail($"the check never started ({path} never appeared in the sandbox)");
    }
}
