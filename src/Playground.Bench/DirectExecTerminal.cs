using Playground.Docker;
using Playground.Sandboxes.Environments;

namespace Playground.Bench;

/// <summary>
/// The baseline: the same interactive shell as a terminal session (same command, user, TTY and
/// environment) on a hijacked exec stream straight from the Docker engine, with no web server,
/// session or WebSocket in between.
/// </summary>
public sealed class DirectExecTerminal : TerminalTransport
{
    private const int ReadChunkBytes = 32 * 1024;
    private readonly ExecStream _stream;

    private DirectExecTerminal(ExecStream stream)
    {
        _stream = stream;
        StartPump(ReadChunkBytes);
    }

    public override string Name => "direct exec";

    public static async Task<DirectExecTerminal> OpenAsync(DockerClient docker, string containerId, EnvironmentSpec spec, int columns, int rows, CancellationToken ct)
    {
        var execId = await docker.CreateExecAsync(containerId, new ExecCreateRequest
        {
            Cmd = spec.Shell.ToList(),
            User = spec.User,
            WorkingDir = spec.WorkingDirectory,
            Env = ["TERM=xterm-256color", "LANG=C.UTF-8", $"COLUMNS={columns}", $"LINES={rows}"],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, ct);
        var stream = await docker.StartExecAsync(execId, tty: true, ct);
        try
        {
            await docker.ResizeExecAsync(execId, rows, columns, ct);
        }
        catch (DockerApiException)
        {
            // The TTY may not be sizable yet; the environment variables carry the size meanwhile.
        }
        return new DirectExecTerminal(stream);
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
    {
        await _stream.Stream.WriteAsync(input, ct);
        await _stream.Stream.FlushAsync(ct);
    }

    protected override ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct) => _stream.Stream.ReadAsync(buffer, ct);

    public override async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        await base.DisposeAsync();
    }
}
