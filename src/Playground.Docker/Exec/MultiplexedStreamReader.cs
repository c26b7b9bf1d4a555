using System.Buffers.Binary;

namespace Playground.Docker;

/// <summary>
/// Demultiplexes the non-TTY attach/exec stream: frames of an 8-byte header [stream, 0, 0, 0, size as big-endian
/// uint32] followed by size payload bytes. Keeps its place inside a frame between calls.
/// </summary>
internal sealed class MultiplexedStreamReader(Stream stream)
{
    private readonly byte[] header = new byte[8];
    private StreamKind currentKind;
    private long remainingInFrame;

    /// <summary>Copies the next payload bytes into <paramref name="buffer"/>; null once the stream ended.</summary>
    public async ValueTask<ExecFrame?> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (buffer.IsEmpty)
            throw new ArgumentException("The buffer must not be empty.", nameof(buffer));
        while (remainingInFrame == 0)
        {
            if (!await ReadHeaderAsync(ct).ConfigureAwait(false))
                return null;
        }
        var wanted = (int)Math.Min(buffer.Length, remainingInFrame);
        var read = await stream.ReadAsync(buffer[..wanted], ct).ConfigureAwait(false);
        if (read == 0)
            throw new EndOfStreamException($"The exec stream ended inside a frame ({remainingInFrame} bytes missing).");
        remainingInFrame -= read;
        return new ExecFrame(currentKind, read);
    }

    private async ValueTask<bool> ReadHeaderAsync(CancellationToken ct)
    {
        var filled = 0;
        while (filled < header.Length)
        {
            var read = await stream.ReadAsync(header.AsMemory(filled), ct).ConfigureAwait(false);
            if (read == 0)
            {
                if (filled == 0)
                    return false;
                throw new EndOfStreamException("The exec stream ended inside a frame header.");
            }
            filled += read;
        }
        if (header[0] > (byte)StreamKind.Stderr)
            throw new InvalidDataException($"Unexpected stream byte {header[0]} in a multiplexed exec stream; was the exec created with Tty=true?");
        currentKind = (StreamKind)header[0];
        remainingInFrame = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        return true;
    }
}
