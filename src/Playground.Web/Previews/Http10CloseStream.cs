using System.Text;

namespace Playground.Web.Previews;

/// <summary>
/// A preview connection that marks an HTTP/1.0 answer without <c>Connection: keep-alive</c> as
/// <c>Connection: close</c>, which is what RFC 9112 §9.3 says such an answer means. SocketsHttpHandler only looks at
/// the header, so without it it pools such a connection (python's <c>http.server</c> answers every request this
/// way) and sends a later request into it. On a TCP socket the server's FIN is usually seen before that; over a
/// port stream the close arrives later, relayed by the forwarder in the sandbox through the engine, so requests
/// met dead connections and, when the handler's retry met another one, failed with "The response ended
/// prematurely" (a 502). Only the connection's first answer is looked at: a server that answers HTTP/1.1, or keeps
/// HTTP/1.0 alive, passes through untouched (WebSocket upgrades included), and every byte is passed on as it came
/// except for the added header line.
/// </summary>
internal sealed class Http10CloseStream(Stream inner) : Stream
{
    private const int MaxHead = 64 * 1024;
    private static readonly byte[] CloseHeader = "Connection: close\r\n"u8.ToArray();

    private byte[] _head = new byte[4096];
    private int _headLength;
    private bool _inspecting = true;
    private byte[] _pending = [];
    private int _pendingOffset;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_pendingOffset < _pending.Length)
        {
            if (buffer.Length == 0) return 0;
            var n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
            _pending.AsMemory(_pendingOffset, n).CopyTo(buffer);
            _pendingOffset += n;
            return n;
        }
        if (!_inspecting || buffer.Length == 0) return await inner.ReadAsync(buffer, ct);

        // The first answer's head is held back until it is complete (or too long to be one), then passed on.
        while (true)
        {
            if (_headLength == _head.Length) Array.Resize(ref _head, _head.Length * 2);
            var read = await inner.ReadAsync(_head.AsMemory(_headLength), ct);
            _headLength += read;
            var end = read == 0 ? -1 : _head.AsSpan(0, _headLength).IndexOf("\r\n\r\n"u8);
            if (read == 0 || end >= 0 || _headLength >= MaxHead)
            {
                _inspecting = false;
                _pending = end >= 0 && MeansClose(_head.AsSpan(0, end)) ? WithCloseHeader(_head.AsSpan(0, _headLength)) : _head[.._headLength];
                _head = [];
                _pendingOffset = 0;
                if (_pending.Length == 0) return 0;
                return await ReadAsync(buffer, ct);
            }
        }
    }

    /// <summary>Whether <paramref name="head"/> (status line and headers, without the blank line) is HTTP/1.0 without a Connection header.</summary>
    private static bool MeansClose(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("HTTP/1.0 "u8)) return false;
        var text = Encoding.Latin1.GetString(head);
        foreach (var line in text.Split("\r\n").AsSpan(1))
        {
            var colon = line.IndexOf(':');
            // Any Connection header (keep-alive, or close already) is the server's own word.
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Connection", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    private static byte[] WithCloseHeader(ReadOnlySpan<byte> bytes)
    {
        var statusEnd = bytes.IndexOf("\r\n"u8) + 2;
        var result = new byte[bytes.Length + CloseHeader.Length];
        bytes[..statusEnd].CopyTo(result);
        CloseHeader.CopyTo(result.AsSpan(statusEnd));
        bytes[statusEnd..].CopyTo(result.AsSpan(statusEnd + CloseHeader.Length));
        return result;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);
    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
