using System.Runtime.InteropServices;
using Docker.DotNet;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// An exec's hijacked connection (<see cref="MultiplexedStream"/>) as a plain <see cref="Stream"/>: writes go to the
/// process's stdin, disposing closes the connection (ending stdin). How reads are made differs on purpose between
/// a TTY exec (raw bytes) and a non-TTY one (framed stdout/stderr), so each subclass makes its own.
/// </summary>
internal abstract class ExecStream(MultiplexedStream inner) : Stream
{
    private int _disposed;

    /// <summary>The engine connection this stream reads from and writes to.</summary>
    protected MultiplexedStream Inner { get; } = inner;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        if (MemoryMarshal.TryGetArray(buffer, out var segment))
            await Inner.WriteAsync(segment.Array!, segment.Offset, segment.Count, ct);
        else
            await Inner.WriteAsync(buffer.ToArray(), 0, buffer.Length, ct);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Inner.WriteAsync(buffer, offset, count, ct);

    // MultiplexedStream writes straight to the connection: there is nothing buffered to flush.
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0) Inner.Dispose();
        base.Dispose(disposing);
    }
}
