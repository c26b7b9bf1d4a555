using Docker.DotNet;
using Docker.DotNet.Models;
using Playground.Sandboxes.Environments;

namespace Playground.Bench;

/// <summary>
/// The baseline: the same interactive shell as a terminal session (same command, user, TTY and
/// environment) on a hijacked exec stream straight from the Docker engine (Docker.DotNet), with no
/// web server, session or WebSocket in between.
/// </summary>
internal sealed class DirectExecTerminal : TerminalTransport
{
    private const int ReadChunkBytes = 32 * 1024;
    private readonly MultiplexedStream _stream;

    private DirectExecTerminal(MultiplexedStream stream, string containerId)
    {
        _stream = stream;
        ContainerId = containerId;
        StartPump(ReadChunkBytes);
    }

    /// <summary>The engine's id of the sandbox's container (for the docker CLI baseline).</summary>
    public string ContainerId { get; }

    public override string Name => "direct exec";

    /// <summary>Opens the shell in the container of <paramref name="sandboxId"/> (found by its label).</summary>
    public static async Task<DirectExecTerminal> OpenAsync(DockerClient docker, string sandboxId, EnvironmentSpec spec, int columns, int rows, CancellationToken ct)
    {
        var container = (await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"playground.sandbox={sandboxId}"] = true } },
        }, ct)).Single().ID;
        var exec = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            Cmd = spec.Shell.ToList(),
            User = spec.User,
            WorkingDir = spec.WorkingDirectory,
            Env = ["TERM=xterm-256color", "LANG=C.UTF-8", $"COLUMNS={columns}", $"LINES={rows}"],
            TTY = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, ct);
        var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = true }, ct);
        try
        {
            await docker.Exec.ResizeExecTtyAsync(exec.ID, new ContainerResizeParameters { Width = columns, Height = rows }, ct);
        }
        catch (DockerApiException)
        {
            // The TTY may not be sizable yet; the environment variables carry the size meanwhile.
        }
        return new DirectExecTerminal(stream, container);
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
    {
        await _stream.WriteAsync(input.ToArray(), 0, input.Length, ct);
    }

    protected override async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
            throw new ArgumentException("array-backed buffers only", nameof(buffer));
        var read = await _stream.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, ct);
        return read.EOF ? 0 : read.Count;
    }

    public override async ValueTask DisposeAsync()
    {
        _stream.Dispose();
        await base.DisposeAsync();
    }
}
