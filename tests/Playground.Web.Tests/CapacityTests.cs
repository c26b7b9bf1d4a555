using System.Net;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>The sandbox caps, each on a server of its own with the cap set low.</summary>
public sealed class CapacityTests(DockerEngine docker)
{
    [Fact]
    public async Task At_MaxSandboxes_another_learner_is_queued_and_admitted_when_the_seat_frees()
    {
        await docker.RequireShellAsync();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Sandboxes:MaxSandboxes"] = "1" }, TestContext.Current.CancellationToken);
        using var first = server.NewLearner();
        using var second = server.NewLearner();
        var workspace = await first.StartWorkspaceAsync();

        var queued = await second.CreateWorkspaceAsync();

        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
        var ticket = queued.Json!;
        Assert.Equal(1, ticket["position"]!.GetValue<int>());
        // The first learner's own create still answers with its live workspace.
        Assert.Equal(workspace.Id, (await first.CreateWorkspaceAsync()).Ok()["id"]!.GetValue<string>());
        // Capacity frees up when a workspace ends: the server starts the waiting learner's sandbox by itself.
        Assert.Equal(HttpStatusCode.NoContent, (await first.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}")).Status);
        for (var i = 0; i < 60 && ticket["state"]!.GetValue<string>() != "admitted"; i++)
            ticket = (await second.GetAsync($"/api/queue/{ticket["ticket"]}?version={ticket["version"]}")).Ok();
        Assert.Equal("admitted", ticket["state"]!.GetValue<string>());
        Assert.Equal(ticket["workspace"]!["id"]!.GetValue<string>(), (await second.CreateWorkspaceAsync()).Ok()["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task At_MaxSandboxesPerLearner_a_second_lesson_gets_429()
    {
        await docker.RequireShellAsync();
        using var lessons = new TestLessons();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Sandboxes:MaxSandboxesPerLearner"] = "1",
            ["Playground:Lessons:Root"] = lessons.Root,
        }, TestContext.Current.CancellationToken);
        TestLessonsServer.LessonsLoadedCleanly(server);
        using var learner = server.NewLearner();
        using var other = server.NewLearner();
        await learner.StartWorkspaceAsync(TestLessons.Track, TestLessons.Untranslated);

        var refused = await learner.CreateWorkspaceAsync(TestLessons.Track, TestLessons.SecondShell);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("limit is 1", refused.Error);
        Assert.Equal("learner-limit", refused.Json!["reason"]!.GetValue<string>());
        // The cap is per learner: someone else still gets a sandbox.
        (await other.CreateWorkspaceAsync(TestLessons.Track, TestLessons.SecondShell)).Ok(HttpStatusCode.Created);
    }
}
