namespace Playground.Docker;

/// <summary>
/// The hijacked connection of a started exec. With a TTY, <see cref="Stream"/> carries raw terminal bytes both
/// ways. Without one, output is multiplexed: read it with <see cref="ReadFrameAsync"/>; stdin is raw either way.
/// The process' exit code is known only after the output ended (see <see cref="DockerClient.WaitExecExitAsync"/>).
/// </summary>
public sealed class ExecStream : IAsyncDisposable, IDisposable
{
    private readonly HijackedStream stream;
    private readonly MultiplexedStreamReader demultiplexer;

    internal ExecStream(string execId, HijackedStream stream, bool tty)
    {
        ExecId = execId;
        this.stream = stream;
        Tty = tty;
        demultiplexer = new MultiplexedStreamReader(stream);
    }

    public string ExecId { get; }
    public bool Tty { get; }
    public Stream Stream => stream;

    /// <summary>Half-closes the connection: the process reads EOF on stdin while its output keeps flowing.</summary>
    public Task CloseInputAsync()
    {
        stream.ShutdownSend();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Non-TTY: the next demultiplexed output bytes, copied into <paramref name="buffer"/>. TTY: raw bytes reported
    /// as stdout. Null at the end of the output.
    /// </summary>
    public async ValueTask<ExecFrame?> ReadFrameAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (!Tty)
            return await demultiplexer.ReadAsync(buffer, ct).ConfigureAwait(false);
        var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
        return read == 0 ? null : new ExecFrame(StreamKind.Stdout, read);
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();

    public void Dispose() => stream.Dispose();
}
