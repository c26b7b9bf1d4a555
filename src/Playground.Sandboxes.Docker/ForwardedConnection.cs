using System.Buffers;
using System.Runtime.InteropServices;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// One TCP connection inside a sandbox as a <see cref="Stream"/>, carried by a <see cref="DockerPortForwarder"/>:
/// reads return the server's bytes (0 once it closed its side), writes reach the server. Disposing closes the
/// connection and gives the forwarder back to its pool for the next connection, unless a read or write was still
/// running or the forwarder failed: then the forwarder's exec is closed instead, so no half-read frame is ever
/// reused.
/// </summary>
internal sealed class ForwardedConnection(DockerPortForwarder forwarder, PortForwarderPool pool) : Stream
{
    private int _remaining;
    private bool _ended;
    private volatile bool _broken;
    private int _busy;
    private int _disposed;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Interlocked.Increment(ref _busy);
        try
        {
            // A zero-byte read (SocketsHttpHandler waiting for data) returns once a data frame has begun.
            while (_remaining == 0)
            {
                if (_ended) return 0;
                var (type, length) = await forwarder.ReadHeaderAsync(ct);
                if (type == (byte)'D') _remaining = length;
                else if (type == (byte)'E' && length == 0) _ended = true;
                else throw new IOException($"the port forwarder in the sandbox {forwarder.SandboxId} sent an unexpected '{(char)type}' frame");
            }
            if (buffer.Length == 0) return 0;
            var count = Math.Min(buffer.Length, _remaining);
            int read;
            // Straight into the caller's array when it has one; the forwarder keeps the rest of the frame for the next read.
            if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
            {
                read = await forwarder.ReadSomeAsync(segment.Array!, segment.Offset, count, ct);
            }
            else
            {
                var rented = ArrayPool<byte>.Shared.Rent(count);
                try
                {
                    read = await forwarder.ReadSomeAsync(rented, 0, count, ct);
                    rented.AsSpan(0, read).CopyTo(buffer.Span);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
            _remaining -= read;
            return read;
        }
        catch (SandboxBackendException)
        {
            // The forwarder's exec ended (the sandbox stopped, or the process was killed): the connection is over.
            _broken = true;
            _ended = true;
            _remaining = 0;
            return 0;
        }
        catch
        {
            _broken = true;
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (buffer.IsEmpty) return;
        if (_broken) throw new IOException($"the connection into the sandbox {forwarder.SandboxId} is closed");
        Interlocked.Increment(ref _busy);
        try
        {
            await forwarder.WriteFrameAsync((byte)'D', buffer, ct);
        }
        catch (Exception e)
        {
            _broken = true;
            if (e is OperationCanceledException or IOException) throw;
            throw new IOException($"the connection into the sandbox {forwarder.SandboxId} failed: {e.Message}", e);
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    // Frames are written straight to the exec's connection: there is nothing buffered to flush.
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_broken || Volatile.Read(ref _busy) != 0) pool.Discard(forwarder);
            else pool.Release(forwarder);
        }
        base.Dispose(disposing);
    }
}
