namespace Playground.Terminals.Sessions;

/// <summary>
/// The last N bytes of a terminal's output, replayed to a reconnecting browser so it finds the
/// screen it left. Fixed size: a flood of output costs the same memory as a quiet shell.
/// </summary>
public sealed class ReplayBuffer(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private long _written;

    /// <summary>Capacity in bytes.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Appends <paramref name="bytes"/>, dropping the oldest beyond capacity.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= _ring.Length)
        {
            bytes[^_ring.Length..].CopyTo(_ring);
            _written += bytes.Length;
            // Normalise so the oldest byte sits at index 0 of the ring after a full overwrite.
            var shift = (int)(_written % _ring.Length);
            if (shift != 0) RotateLeft(_ring, _ring.Length - shift);
            return;
        }
        var start = (int)(_written % _ring.Length);
        var first = Math.Min(bytes.Length, _ring.Length - start);
        bytes[..first].CopyTo(_ring.AsSpan(start));
        bytes[first..].CopyTo(_ring);
        _written += bytes.Length;
    }

    /// <summary>
    /// The retained bytes, oldest first. After a wrap the first partial line is dropped so the
    /// replay starts at a line boundary rather than in the middle of an escape sequence.
    /// </summary>
    public byte[] Snapshot()
    {
        if (_written <= _ring.Length) return _ring.AsSpan(0, (int)_written).ToArray();
        var start = (int)(_written % _ring.Length);
        var result = new byte[_ring.Length];
        _ring.AsSpan(start).CopyTo(result);
        _ring.AsSpan(0, start).CopyTo(result.AsSpan(_ring.Length - start));
        var newline = Array.IndexOf(result, (byte)'\n');
        return newline >= 0 && newline < result.Length - 1 ? result[(newline + 1)..] : result;
    }

    private static void RotateLeft(byte[] data, int count)
    {
        data.AsSpan(0, count).Reverse();
        data.AsSpan(count).Reverse();
        data.AsSpan().Reverse();
    }
}
