using System.Net.Sockets;

namespace Playground.Docker;

/// <summary>
/// The raw duplex connection left after the engine upgraded an HTTP request. Bytes that arrived together with the
/// response headers are served first. <see cref="ShutdownSend"/> half-closes, which the engine turns into EOF on stdin.
/// </summary>
internal sealed class HijackedStream : Stream
{
    private readonly Socket socket;
    private readonly NetworkStream inner;
    private ReadOnlyMemory<byte> pending;

    public HijackedStream(Socket socket)
    {
        this.socket = socket;
        inner = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Puts back bytes that were read past the response headers so the next reads return them first.</summary>
    public void Unread(ReadOnlyMemory<byte> bytes) => pending = bytes.ToArray();

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void ShutdownSend()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by either side: the input is as closed as it can get.
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (pending.IsEmpty)
            return inner.ReadAsync(buffer, cancellationToken);
        return ValueTask.FromResult(TakePending(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer) => pending.IsEmpty ? inner.Read(buffer) : TakePending(buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    private int TakePending(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, pending.Length);
        pending.Span[..count].CopyTo(destination);
        pending = pending[count..];
        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
