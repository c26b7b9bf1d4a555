using Docker.DotNet;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// A TTY exec's connection as a plain <see cref="Stream"/>: with a TTY the engine sends raw bytes
/// (no stdout/stderr framing), so reads are the terminal's output and writes its input.
/// </summary>
internal sealed class TtyStream(MultiplexedStream inner) : Stream
{
    private int _disposed;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            var temp = new byte[buffer.Length];
            var n = await ReadAsync(temp, ct);
            temp.AsSpan(0, n).CopyTo(buffer.Span);
            return n;
        }
        var result = await inner.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, ct);
        return result.EOF ? 0 : result.Count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer, out var segment))
            await inner.WriteAsync(segment.Array!, segment.Offset, segment.Count, ct);
        else
            await inner.WriteAsync(buffer.ToArray(), 0, buffer.Length, ct);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);

    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0) inner.Dispose();
        base.Dispose(disposing);
    }
}
