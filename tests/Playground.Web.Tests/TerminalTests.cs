using System.Net;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>The terminal WebSocket: attach, type, resize, ping, reconnect, replacement, workspace end.</summary>
public sealed class TerminalTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task Attach_replays_then_attaches_and_typed_commands_run()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        Assert.Equal(["replay", "attached"], terminal.Statuses.Select(s => s["state"]!.GetValue<string>()).ToArray());

        var from = terminal.Mark;
        await terminal.TypeAsync("echo hello\r");
        await terminal.WaitForAsync(@"(?<!echo )hello\r\n", from);
        Assert.Equal("learner", (await terminal.RunAsync("whoami")).Trim());
    }

    [Fact]
    public async Task Resize_changes_the_tty_size()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);

        await terminal.ResizeAsync(100, 40);
        Assert.Equal("40 100", (await terminal.RunAsync("stty size")).Trim());
        await terminal.ResizeAsync(1000, 1);
        Assert.Equal("1 1000", (await terminal.RunAsync("stty size")).Trim());
    }

    [Fact]
    public async Task Ping_is_answered_with_the_same_payload()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);

        byte[] payload = [1, 2, 3, 250];
        await terminal.SendFrameAsync(TerminalSocket.Ping, payload);
        await terminal.UntilAsync(t => t.Pongs.Count == 1, "PONG");
        Assert.Equal(payload, terminal.Pongs[0]);
        await terminal.SendFrameAsync(TerminalSocket.Ping, new byte[64]);
        await terminal.SendFrameAsync(TerminalSocket.Ping, []);
        await terminal.UntilAsync(t => t.Pongs.Count == 3, "two more PONGs");
        Assert.Equal(64, terminal.Pongs[1].Length);
        Assert.Empty(terminal.Pongs[2]);
    }

    [Fact]
    public async Task Reconnect_replays_recent_output_and_keeps_the_same_shell()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        int pid;
        var marker = "marker-" + Guid.NewGuid().ToString("N")[..8];
        await using (var first = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            pid = await first.ShellPidAsync();
            await first.RunAsync($"echo {marker}; cd /tmp");
        }

        await using var second = await TerminalSocket.AttachAsync(Server, learner, workspace);

        Assert.Contains(marker, second.ReplayText);
        Assert.Contains($"PID={pid}", second.ReplayText);
        Assert.Equal(pid, await second.ShellPidAsync());
        Assert.Equal("/tmp", (await second.RunAsync("pwd")).Trim());
    }

    [Fact]
    public async Task A_second_connection_replaces_the_first_with_4000()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var first = await TerminalSocket.AttachAsync(Server, learner, workspace);
        var pid = await first.ShellPidAsync();

        await using var second = await TerminalSocket.AttachAsync(Server, learner, workspace);

        Assert.Equal(4000, (await first.WaitForCloseAsync()).Code);
        Assert.Equal(pid, await second.ShellPidAsync());
    }

    [Fact]
    public async Task Deleting_the_workspace_tells_the_open_terminal_why_then_closes_it_with_4410()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        await terminal.RunAsync("true");

        Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}")).Status);

        var (code, description) = await terminal.WaitForCloseAsync();
        Assert.Equal(4410, code);
        Assert.Equal("destroyed", description);
        var last = terminal.Statuses.Last(s => s["state"]!.GetValue<string>() != "exited");
        Assert.Equal("expired", last["state"]!.GetValue<string>());
        Assert.Equal("destroyed", last["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(last["message"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Extending_the_workspace_is_announced_on_the_terminal()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);

        var extended = (await learner.PostAsync($"/api/workspaces/{workspace.Id}/extend")).Ok();

        await terminal.UntilAsync(t => t.Statuses.Any(s => s["state"]!.GetValue<string>() == "extended"), "STATUS extended");
        var status = terminal.Statuses.Single(s => s["state"]!.GetValue<string>() == "extended");
        Assert.Equal(extended["expiresAt"]!.GetValue<DateTimeOffset>(), status["expiresAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Exiting_the_shell_reports_exited_and_a_reconnect_starts_a_new_shell()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        int pid;
        await using (var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            pid = await terminal.ShellPidAsync();
            await terminal.TypeAsync("exit 3\r");
            await terminal.UntilAsync(t => t.Statuses.Any(s => s["state"]!.GetValue<string>() == "exited"), "STATUS exited");
            var exited = terminal.Statuses.Single(s => s["state"]!.GetValue<string>() == "exited");
            Assert.Contains("3", exited["message"]!.GetValue<string>());
            // The exit code as a number (PROTOCOL.md, "Shell exit"), for the page's "Shell exited (code 3)".
            Assert.Equal(3, exited["exitCode"]!.GetValue<int>());
            // Only the shell ended: the workspace is still live.
            Assert.Equal("ready", (await learner.GetAsync($"/api/workspaces/{workspace.Id}")).Ok()["state"]!.GetValue<string>());
        }

        await using var again = await TerminalSocket.AttachAsync(Server, learner, workspace);
        Assert.NotEqual(pid, await again.ShellPidAsync());
        // A restart after `exit` is not "you were away": no new-shell notice.
        Assert.DoesNotContain(again.Statuses, s => s["reason"]?.GetValue<string>() == "new-shell");
    }
}
