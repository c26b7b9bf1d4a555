using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>A shell left without a client past the detach grace is ended; the next attach gets a new one.</summary>
public sealed class DetachGraceTests(DockerEngine docker)
{
    [Fact]
    public async Task After_the_detach_grace_a_reconnect_gets_a_new_shell()
    {
        await docker.RequireShellAsync();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Terminals:DetachGrace"] = "00:00:02" }, TestContext.Current.CancellationToken);
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        int pid;
        await using (var terminal = await TerminalSocket.AttachAsync(server, learner, workspace))
            pid = await terminal.ShellPidAsync();

        // Grace 2 s, plus up to one 5 s sweep interval: wait until the old shell is gone (without attaching,
        // which would keep it), however long a loaded machine takes.
        await WaitUntilGoneAsync(server, workspace.Id, pid);

        await using var again = await TerminalSocket.AttachAsync(server, learner, workspace);
        Assert.NotEqual(pid, await again.ShellPidAsync());
        Assert.DoesNotContain($"PID={pid}", again.ReplayText);
        // The page is told the shell is new (issue 13: "returning after a while gives a fresh shell with no notice").
        Assert.Contains(again.Statuses, s => s["state"]!.GetValue<string>() == "attached" && s["reason"]?.GetValue<string>() == "new-shell");
    }

    /// <summary>
    /// Ending a session must hang up its shell: otherwise every abandoned terminal leaves a bash (and
    /// whatever it runs, say `yes`) alive in the sandbox until the workspace ends.
    /// </summary>
    [Fact]
    public async Task After_the_detach_grace_the_old_shell_no_longer_runs_in_the_sandbox()
    {
        await docker.RequireShellAsync();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Terminals:DetachGrace"] = "00:00:02" }, TestContext.Current.CancellationToken);
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        int pid;
        await using (var terminal = await TerminalSocket.AttachAsync(server, learner, workspace))
            pid = await terminal.ShellPidAsync();

        await WaitUntilGoneAsync(server, workspace.Id, pid);
    }

    /// <summary>Polls the sandbox (up to 90 s) until <paramref name="pid"/> no longer runs; fails if it still does.</summary>
    private static async Task WaitUntilGoneAsync(PlaygroundServer server, string workspaceId, int pid)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string state;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            var probe = await server.Get<WorkspaceManager>().ExecAsync(workspaceId,
                new SandboxExecRequest(["sh", "-c", $"kill -0 {pid} 2>/dev/null && echo alive || echo gone"]), ct);
            state = probe.Stdout.Trim();
        } while (state != "gone" && DateTime.UtcNow < deadline);
        Assert.Equal("gone", state);
    }

    [Fact]
    public async Task Within_the_detach_grace_a_reconnect_keeps_the_shell()
    {
        await docker.RequireShellAsync();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Terminals:DetachGrace"] = "00:00:30" }, TestContext.Current.CancellationToken);
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        int pid;
        await using (var terminal = await TerminalSocket.AttachAsync(server, learner, workspace))
            pid = await terminal.ShellPidAsync();

        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);

        await using var again = await TerminalSocket.AttachAsync(server, learner, workspace);
        Assert.Equal(pid, await again.ShellPidAsync());
        Assert.DoesNotContain(again.Statuses, s => s["reason"]?.GetValue<string>() == "new-shell");
    }
}
