using System.Net;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>Who may attach to a terminal: cookie, token, owner, Origin, existing workspace and terminal, live workspace.</summary>
public sealed class TerminalSecurityTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task Without_the_learner_cookie_the_socket_closes_with_4401()
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();

        await using var socket = await TerminalSocket.ConnectAsync(TerminalSocket.UriFor(Server, workspace.Id, workspace.Token), null, Server.Origin);

        Assert.Equal(4401, (await socket.WaitForCloseAsync()).Code);
        Assert.Equal(0, socket.OutputBytes);
        learner.Dispose();
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task With_a_wrong_token_the_socket_closes_with_4401(string token)
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();

        await using var socket = await TerminalSocket.ConnectAsync(TerminalSocket.UriFor(Server, workspace.Id, token), learner.LearnerId, Server.Origin);

        Assert.Equal(4401, (await socket.WaitForCloseAsync()).Code);
        Assert.Equal(0, socket.OutputBytes);
        learner.Dispose();
    }

    [Fact]
    public async Task Without_the_token_parameter_the_socket_closes_with_4401()
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();
        var uri = new Uri($"ws://{Server.BaseUri.Authority}/ws/workspaces/{workspace.Id}/terminals/1");

        await using var socket = await TerminalSocket.ConnectAsync(uri, learner.LearnerId, Server.Origin);

        Assert.Equal(4401, (await socket.WaitForCloseAsync()).Code);
        learner.Dispose();
    }

    [Fact]
    public async Task Another_learners_cookie_closes_with_4403_even_with_the_right_token()
    {
        await docker.RequireShellAsync();
        var (owner, workspace) = await OwnerAsync();
        using var intruder = Server.NewLearner();
        await intruder.GetAsync("/api/me");

        await using var socket = await TerminalSocket.ConnectAsync(TerminalSocket.UriFor(Server, workspace.Id, workspace.Token), intruder.LearnerId, Server.Origin);

        Assert.Equal(4403, (await socket.WaitForCloseAsync()).Code);
        Assert.Equal(0, socket.OutputBytes);
        Assert.Empty(socket.Statuses);
        owner.Dispose();
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData(null)]
    public async Task A_foreign_or_missing_Origin_is_refused_before_the_upgrade(string? origin)
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();

        var status = await TerminalSocket.RefusedUpgradeAsync(TerminalSocket.UriFor(Server, workspace.Id, workspace.Token), learner.LearnerId, origin);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        learner.Dispose();
    }

    [Fact]
    public async Task The_same_host_on_another_port_is_a_foreign_origin()
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();
        var otherPort = $"http://127.0.0.1:{(Server.BaseUri.Port == 1 ? 2 : Server.BaseUri.Port - 1)}";

        var status = await TerminalSocket.RefusedUpgradeAsync(TerminalSocket.UriFor(Server, workspace.Id, workspace.Token), learner.LearnerId, otherPort);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        learner.Dispose();
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("nope")]
    public async Task An_unknown_workspace_closes_with_4404(string id)
    {
        using var learner = Server.NewLearner();
        await learner.GetAsync("/api/me");

        await using var socket = await TerminalSocket.ConnectAsync(TerminalSocket.UriFor(Server, id, "whatever"), learner.LearnerId, Server.Origin);

        Assert.Equal(4404, (await socket.WaitForCloseAsync()).Code);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(2)]
    [InlineData(0)]
    public async Task A_terminal_index_the_lesson_does_not_have_closes_with_4404(int index)
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();

        await using var socket = await TerminalSocket.ConnectAsync(TerminalSocket.UriFor(Server, workspace.Id, workspace.Token, index), learner.LearnerId, Server.Origin);

        Assert.Equal(4404, (await socket.WaitForCloseAsync()).Code);
        learner.Dispose();
    }

    [Fact]
    public async Task An_ended_workspace_closes_with_4410_and_the_reason()
    {
        await docker.RequireShellAsync();
        var (learner, workspace) = await OwnerAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}")).Status);

        await using var socket = await TerminalSocket.ConnectAsync(TerminalSocket.UriFor(Server, workspace.Id, workspace.Token), learner.LearnerId, Server.Origin);

        var (code, reason) = await socket.WaitForCloseAsync();
        Assert.Equal(4410, code);
        Assert.Equal("destroyed", reason);
        learner.Dispose();
    }

    [Fact]
    public async Task A_plain_http_request_to_the_terminal_url_is_400()
    {
        var (learner, workspace) = (Server.NewLearner(), new WorkspaceRef("aaaaaaaaaaaaaaaaaaaaaaaa", "x"));
        var response = await learner.Http.GetAsync($"/ws/workspaces/{workspace.Id}/terminals/1?token=x", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        learner.Dispose();
    }

    private async Task<(LearnerClient Learner, WorkspaceRef Workspace)> OwnerAsync()
    {
        var learner = Server.NewLearner();
        return (learner, await learner.StartWorkspaceAsync());
    }
}
