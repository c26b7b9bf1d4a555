using System.Net.WebSockets;
using System.Text;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Frames a browser never sends: each closes the connection with the documented code, and nothing else
/// suffers — the next connection reaches the same shell.
/// </summary>
public sealed class HostileFrameTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private PlaygroundServer Server => fixture.Server;

    public static TheoryData<string, int> Frames => new()
    {
        { "input-64KiB-plus-1", 4409 },
        { "input-1MiB", 4409 },
        { "unknown-opcode-0x07", 4400 },
        { "server-opcode-0x10", 4400 },
        { "resize-3-bytes", 4400 },
        { "resize-5-bytes", 4400 },
        { "resize-0x0", 4400 },
        { "resize-1001x10", 4400 },
        { "ack-3-bytes", 4400 },
        { "ping-65-bytes", 4400 },
        { "text-frame", 4400 },
        { "empty-frame", 4400 },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task A_hostile_frame_closes_with_its_code_and_the_shell_lives_on(string frame, int expectedCode)
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        int pid;
        await using (var victim = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            pid = await victim.ShellPidAsync();
            await SendAsync(victim, frame);

            Assert.Equal(expectedCode, (await victim.WaitForCloseAsync()).Code);
        }

        await using var next = await TerminalSocket.AttachAsync(Server, learner, workspace);
        Assert.Equal(pid, await next.ShellPidAsync());
        // Nothing of an oversized input frame reached the shell.
        Assert.DoesNotContain("xxxxxxxx", next.Text);
    }

    [Fact]
    public async Task An_input_frame_of_exactly_64KiB_is_accepted()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        // Bash reads it as one long comment line.
        var input = "#" + new string('y', 64 * 1024 - 2) + "\r";

        await terminal.SendFrameAsync(TerminalSocket.Input, Encoding.ASCII.GetBytes(input));

        Assert.Equal("still-here", (await terminal.RunAsync("echo still-here", TimeSpan.FromSeconds(60))).Trim());
        Assert.False(terminal.Closed);
    }

    private static async Task SendAsync(TerminalSocket socket, string frame)
    {
        switch (frame)
        {
            case "input-64KiB-plus-1":
                await SendTolerantAsync(socket, Input(64 * 1024 + 1));
                break;
            case "input-1MiB":
                await SendTolerantAsync(socket, Input(1024 * 1024));
                break;
            case "unknown-opcode-0x07":
                await socket.SendRawAsync([0x07, 1, 2]);
                break;
            case "server-opcode-0x10":
                await socket.SendRawAsync([0x10, (byte)'l', (byte)'s', (byte)'\r']);
                break;
            case "resize-3-bytes":
                await socket.SendRawAsync([TerminalSocket.Resize, 0, 80, 0]);
                break;
            case "resize-5-bytes":
                await socket.SendRawAsync([TerminalSocket.Resize, 0, 80, 0, 24, 0]);
                break;
            case "resize-0x0":
                await socket.SendRawAsync([TerminalSocket.Resize, 0, 0, 0, 0]);
                break;
            case "resize-1001x10":
                await socket.SendRawAsync([TerminalSocket.Resize, 0x03, 0xE9, 0, 10]);
                break;
            case "ack-3-bytes":
                await socket.SendRawAsync([TerminalSocket.Ack, 0, 0, 1]);
                break;
            case "ping-65-bytes":
                await socket.SendFrameAsync(TerminalSocket.Ping, new byte[65]);
                break;
            case "text-frame":
                await socket.SendRawAsync(Encoding.UTF8.GetBytes("\u0000ls\r"), WebSocketMessageType.Text);
                break;
            case "empty-frame":
                await socket.SendRawAsync([]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(frame), frame, null);
        }
    }

    private static byte[] Input(int payloadBytes)
    {
        var frame = new byte[payloadBytes + 1];
        frame[0] = TerminalSocket.Input;
        frame.AsSpan(1).Fill((byte)'x');
        return frame;
    }

    /// <summary>The server may close while a huge frame is still being sent; that is the expected outcome.</summary>
    private static async Task SendTolerantAsync(TerminalSocket socket, byte[] frame)
    {
        try
        {
            await socket.SendRawAsync(frame);
        }
        catch (WebSocketException)
        {
        }
    }
}
