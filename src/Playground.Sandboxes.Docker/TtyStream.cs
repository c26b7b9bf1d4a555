using Docker.DotNet;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// A TTY exec's connection as a plain <see cref="Stream"/>: with a TTY the engine sends raw bytes
/// (no stdout/stderr framing), so reads are the terminal's output and writes its input.
/// </summary>
internal sealed class TtyStream(MultiplexedStream inner) : ExecStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            var temp = new byte[buffer.Length];
            var n = await ReadAsync(temp, ct);
            temp.AsSpan(0, n).CopyTo(buffer.Span);
            return n;
        }
        var result = await Inner.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, ct);
        return result.EOF ? 0 : result.Count;
    }
}
