using System.Net;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>/api/workspaces: create, find, ownership, end, extend, caps. Real sandboxes on the real engine.</summary>
public sealed class WorkspaceTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task Create_is_201_and_a_second_create_returns_the_same_workspace_with_200()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();

        var first = await learner.CreateWorkspaceAsync();
        var created = first.Ok(HttpStatusCode.Created);
        var second = (await learner.CreateWorkspaceAsync()).Ok(HttpStatusCode.OK);

        Assert.Equal(created["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.Equal(created["token"]!.GetValue<string>(), second["token"]!.GetValue<string>());
        Assert.Equal($"/api/workspaces/{created["id"]}", first.Response.Headers.Location?.OriginalString);
        Assert.Equal("ready", created["state"]!.GetValue<string>());
        Assert.Equal("shell", created["environment"]!.GetValue<string>());
        Assert.Equal(1, created["terminals"]![0]!["index"]!.GetValue<int>());
        Assert.True(created["canExtend"]!.GetValue<bool>());
        Assert.False(created["extended"]!.GetValue<bool>());
        Assert.Single((await learner.GetAsync("/api/workspaces")).Ok().AsArray());
    }

    [Fact]
    public async Task Another_learner_gets_403_and_never_the_workspace_details()
    {
        await docker.RequireShellAsync();
        using var owner = Server.NewLearner();
        using var intruder = Server.NewLearner();
        var workspace = await owner.StartWorkspaceAsync();
        await intruder.GetAsync("/api/me");

        foreach (var reply in new[]
                 {
                     await intruder.GetAsync($"/api/workspaces/{workspace.Id}"),
                     await intruder.PostAsync($"/api/workspaces/{workspace.Id}/extend"),
                     await intruder.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}"),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
            Assert.DoesNotContain(workspace.Token, reply.Body);
            Assert.DoesNotContain(owner.LearnerId!, reply.Body);
            Assert.DoesNotContain("expiresAt", reply.Body);
        }
        Assert.Empty((await intruder.GetAsync("/api/workspaces")).Ok().AsArray());
        // The intruder's DELETE and extend changed nothing.
        var still = (await owner.GetAsync($"/api/workspaces/{workspace.Id}")).Ok();
        Assert.Equal("ready", still["state"]!.GetValue<string>());
        Assert.False(still["extended"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("not-an-id")]
    [InlineData("..%2F..%2Fetc")]
    public async Task Unknown_workspace_is_404(string id)
    {
        using var learner = Server.NewLearner();
        var reply = await learner.GetAsync($"/api/workspaces/{id}");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.False(string.IsNullOrEmpty(reply.Error));
        Assert.Equal(HttpStatusCode.NotFound, (await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.PostAsync($"/api/workspaces/{id}/extend")).Status);
    }

    [Fact]
    public async Task Delete_is_204_then_get_is_410_destroyed_and_the_container_is_gone()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var sandboxId = Server.Get<WorkspaceManager>().GetLive(workspace.Id)!.Sandboxes[0].SandboxId;

        var delete = await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.Status);

        var gone = await learner.GetAsync($"/api/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal("destroyed", gone.Json!["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(gone.Error));
        Assert.Empty((await learner.GetAsync("/api/workspaces")).Ok().AsArray());
        var containers = await docker.Client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
            { All = true, Filters = DockerEngine.LabelFilter("playground.sandbox", sandboxId) }, TestContext.Current.CancellationToken);
        Assert.Empty(containers);
        // A new create after the end starts a new workspace.
        var again = (await learner.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);
        Assert.NotEqual(workspace.Id, again["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Extend_works_once_then_409()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var created = (await learner.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();

        var extended = (await learner.PostAsync($"/api/workspaces/{id}/extend")).Ok();
        Assert.True(extended["extended"]!.GetValue<bool>());
        Assert.False(extended["canExtend"]!.GetValue<bool>());
        Assert.True(extended["expiresAt"]!.GetValue<DateTimeOffset>() > created["expiresAt"]!.GetValue<DateTimeOffset>());

        var again = await learner.PostAsync($"/api/workspaces/{id}/extend");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already extended", again.Error);
    }

    [Fact]
    public async Task A_lesson_without_an_environment_is_400()
    {
        using var learner = Server.NewLearner();
        var reply = await learner.CreateWorkspaceAsync("cloud", "service-models");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("no terminal", reply.Error);
    }

    [Fact]
    public async Task An_unknown_lesson_is_404()
    {
        using var learner = Server.NewLearner();
        var reply = await learner.CreateWorkspaceAsync("getting-started", "nope");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Contains("nope", reply.Error);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.PostAsync("/api/workspaces", new { })).Status);
    }

    [Fact]
    public async Task Reset_ends_the_sandbox_and_starts_a_fresh_one_for_the_same_lesson()
    {
        await docker.RequireShellAsync();
        var ct = TestContext.Current.CancellationToken;
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var oldSandbox = Server.Get<WorkspaceManager>().GetLive(workspace.Id)!.Sandboxes[0].SandboxId;
        await Server.SolveAsync(workspace.Id, "echo before-reset > ~/kept.txt");

        var reset = (await learner.PostAsync($"/api/workspaces/{workspace.Id}/reset")).Ok();

        var fresh = reset["id"]!.GetValue<string>();
        Assert.NotEqual(workspace.Id, fresh);
        Assert.Equal($"{Api.Track}/{Api.Lesson}", reset["lesson"]!.GetValue<string>());
        Assert.Equal("ready", reset["state"]!.GetValue<string>());
        Assert.NotEqual(workspace.Token, reset["token"]!.GetValue<string>());
        var gone = await learner.GetAsync($"/api/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal("destroyed", gone.Json!["reason"]!.GetValue<string>());
        var containers = await docker.Client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
            { All = true, Filters = DockerEngine.LabelFilter("playground.sandbox", oldSandbox) }, ct);
        Assert.Empty(containers);
        // The files of the old sandbox are gone: a fresh sandbox, not the old one renamed.
        var probe = await Server.Get<WorkspaceManager>().ExecAsync(fresh, new SandboxExecRequest(["bash", "-c", "test -e ~/kept.txt && echo still-there || echo fresh"]), ct);
        Assert.Equal("fresh", probe.Stdout.Trim());
        Assert.Single((await learner.GetAsync("/api/workspaces")).Ok().AsArray());
        // A create now finds the fresh workspace.
        Assert.Equal(fresh, (await learner.CreateWorkspaceAsync()).Ok(HttpStatusCode.OK)["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_learner_cannot_reset_a_workspace()
    {
        await docker.RequireShellAsync();
        using var owner = Server.NewLearner();
        using var intruder = Server.NewLearner();
        var workspace = await owner.StartWorkspaceAsync();
        await intruder.GetAsync("/api/me");

        var reply = await intruder.PostAsync($"/api/workspaces/{workspace.Id}/reset");

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.DoesNotContain(workspace.Token, reply.Body);
        Assert.Equal("ready", (await owner.GetAsync($"/api/workspaces/{workspace.Id}")).Ok()["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync("/api/workspaces/aaaaaaaaaaaaaaaaaaaaaaaa/reset")).Status);
    }
}
