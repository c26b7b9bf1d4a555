using System.Text;

namespace Playground.Bench;

/// <summary>
/// Watches a terminal byte stream, chunk by chunk, for an optional marker and for a shell prompt
/// at the end of the output (the Playground prompt ends in "$ " or "# "; it is the last thing a
/// shell prints before it waits for input). Patterns split across chunks are found too.
/// </summary>
internal sealed class OutputScanner(string? marker = null)
{
    private readonly byte[]? _marker = marker is null ? null : Encoding.UTF8.GetBytes(marker);
    private readonly byte[] _carry = new byte[64];
    private int _carryLength;
    private byte _last, _beforeLast;

    public bool MarkerSeen { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>True when the output so far ends with a prompt (after the marker, when there is one).</summary>
    public bool AtPrompt => (_marker is null || MarkerSeen) && _last == (byte)' ' && _beforeLast is (byte)'$' or (byte)'#';

    /// <summary>The last bytes seen, for error messages.</summary>
    public string Tail => Encoding.UTF8.GetString(_carry, 0, _carryLength);

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty) return;
        Bytes += chunk.Length;
        if (_marker is not null && !MarkerSeen) MarkerSeen = ContainsMarker(chunk);
        if (chunk.Length >= 2)
        {
            _beforeLast = chunk[^2];
            _last = chunk[^1];
        }
        else
        {
            _beforeLast = _last;
            _last = chunk[0];
        }
        KeepTail(chunk);
    }

    private bool ContainsMarker(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IndexOf(_marker) >= 0) return true;
        // Across the boundary: the end of what came before joined to the start of this chunk.
        var head = chunk[..Math.Min(chunk.Length, _marker!.Length - 1)];
        Span<byte> joint = stackalloc byte[_carryLength + head.Length];
        _carry.AsSpan(0, _carryLength).CopyTo(joint);
        head.CopyTo(joint[_carryLength..]);
        return joint.IndexOf(_marker) >= 0;
    }

    private void KeepTail(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= _carry.Length)
        {
            chunk[^_carry.Length..].CopyTo(_carry);
            _carryLength = _carry.Length;
            return;
        }
        var keep = Math.Min(_carryLength, _carry.Length - chunk.Length);
        _carry.AsSpan(_carryLength - keep, keep).CopyTo(_carry);
        chunk.CopyTo(_carry.AsSpan(keep));
        _carryLength = keep + chunk.Length;
    }
}
