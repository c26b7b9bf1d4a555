using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Backpressure (PROTOCOL.md, flow control): a client that stops acknowledging stops the shell's output
/// at the high-water mark, Ctrl-C still reaches the shell, and the replay of a flood stays bounded.
/// </summary>
public sealed class FlowControlTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private const int HighWater = 512 * 1024;
    private const int Chunk = 32 * 1024;
    private const int ReplayLimit = 256 * 1024;

    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task Without_acks_output_stops_at_the_high_water_mark_and_resumes_on_ack()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        await terminal.RunAsync("true");

        terminal.AutoAck = false;
        await terminal.AckAllAsync();
        var before = terminal.OutputBytes;
        await terminal.TypeAsync("yes\r");
        await terminal.UntilQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        var paused = terminal.OutputBytes - before;

        Assert.True(paused >= HighWater, $"only {paused} bytes arrived before the output stopped");
        Assert.True(paused <= HighWater + Chunk, $"{paused} unacknowledged bytes arrived; the limit is {HighWater} + one {Chunk}-byte chunk");
        // Still paused a while later: nothing trickles in without acks.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(before + paused, terminal.OutputBytes);

        terminal.AutoAck = true;
        await terminal.AckAllAsync();
        await terminal.UntilAsync(t => t.OutputBytes > before + paused + 2 * HighWater, "output to resume after the ACK");

        await terminal.TypeAsync("\x03");
        await terminal.UntilQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal("done", (await terminal.RunAsync("echo done")).Trim());
    }

    [Fact]
    public async Task Ctrl_C_reaches_the_shell_while_output_is_paused()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        await terminal.RunAsync("true");

        terminal.AutoAck = false;
        await terminal.AckAllAsync();
        await terminal.TypeAsync("yes\r");
        await terminal.UntilQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

        await terminal.TypeAsync("\x03");
        var atInterrupt = terminal.OutputBytes;
        terminal.AutoAck = true;
        await terminal.AckAllAsync();

        // What was queued in the pipes drains, then the prompt is back.
        await terminal.WaitForAsync(@"\^C\r\n.*\$ $", timeout: TimeSpan.FromSeconds(30));
        await terminal.UntilQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.True(terminal.OutputBytes - atInterrupt < 4 * 1024 * 1024, $"{terminal.OutputBytes - atInterrupt} bytes after Ctrl-C: yes did not stop");
        Assert.Equal("back", (await terminal.RunAsync("echo back")).Trim());
    }

    [Fact]
    public async Task With_acks_yes_floods_and_Ctrl_C_stops_it()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        await terminal.RunAsync("true");
        var before = terminal.OutputBytes;

        await terminal.TypeAsync("yes\r");
        await terminal.UntilAsync(t => t.OutputBytes > before + 4 * HighWater, "a flood of y");
        await terminal.TypeAsync("\x03");
        await terminal.UntilQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var stopped = terminal.OutputBytes;

        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(stopped, terminal.OutputBytes);
        Assert.Equal("stopped", (await terminal.RunAsync("echo stopped")).Trim());
    }

    [Fact]
    public async Task The_replay_after_a_flood_is_bounded_to_256KiB_and_ends_with_the_latest_output()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using (var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            var output = await terminal.RunAsync("seq 1 300000", TimeSpan.FromSeconds(60));
            Assert.EndsWith("300000\r\n", output);
        }

        await using var again = await TerminalSocket.AttachAsync(Server, learner, workspace);

        Assert.True(again.ReplayBytes <= ReplayLimit, $"replay of {again.ReplayBytes} bytes exceeds {ReplayLimit}");
        Assert.True(again.ReplayBytes > ReplayLimit - 1024, $"replay of only {again.ReplayBytes} bytes after a 2 MB flood");
        Assert.Contains("\r\n300000\r\n", again.ReplayText);
        // The replay starts at a line boundary: its first line is a whole number.
        Assert.Matches(@"^\d+\r\n", again.ReplayText);
        var first = long.Parse(again.ReplayText[..again.ReplayText.IndexOf('\r')]);
        Assert.Equal(first + 1, long.Parse(again.ReplayText.Split("\r\n")[1]));
    }
}
