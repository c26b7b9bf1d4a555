using Playground.Testing.Sandboxes;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>The real web app on the in-process stand-in backend: no engine, so these run anywhere and fast.</summary>
public sealed class LocalBackendServer : IAsyncLifetime
{
    public LocalProcessSandboxBackend Backend { get; } = new();
    private PlaygroundServer? _server;
    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await PlaygroundServer.StartAsync(backend: Backend);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        await Backend.DisposeAsync();
    }
}

public sealed class LocalBackendTests(LocalBackendServer fixture) : IClassFixture<LocalBackendServer>
{
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task A_learner_fails_a_check_solves_the_step_in_the_terminal_and_passes()
    {
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var before = (await learner.CheckAsync(1, workspace.Id, lang: "en")).Ok();
        Assert.Equal("failed", before["verdict"]!.GetValue<string>());
        Assert.Equal("There is no file hello.txt in your home folder yet.", before["conditions"]![0]!["message"]!.GetValue<string>());

        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        var printed = await terminal.RunAsync("echo 'Hello, Playground' > ~/hello.txt; cat ~/hello.txt");
        Assert.Contains("Hello, Playground", printed);

        var after = (await learner.CheckAsync(1, workspace.Id, lang: "en")).Ok();
        Assert.Equal("passed", after["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_crashed_sandbox_ends_the_session_with_its_reason()
    {
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var sandboxId = Server.Get<Playground.Sandboxes.Workspaces.WorkspaceManager>().GetLive(workspace.Id)!.Sandboxes[0].SandboxId;

        fixture.Backend.Crash(sandboxId, outOfMemory: true);

        Api.Reply? gone = null;
        for (var i = 0; i < 200; i++)
        {
            gone = await learner.GetAsync($"/api/workspaces/{workspace.Id}");
            if (gone.Status == System.Net.HttpStatusCode.Gone) break;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Equal(System.Net.HttpStatusCode.Gone, gone!.Status);
        Assert.Equal("out-of-memory", gone.Json!["reason"]!.GetValue<string>());
    }
}
