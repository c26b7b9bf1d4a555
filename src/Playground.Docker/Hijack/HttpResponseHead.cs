using System.Text;

namespace Playground.Docker;

/// <summary>Status line and headers of an HTTP/1.1 response read from a raw connection.</summary>
internal sealed record HttpResponseHead(int StatusCode, string ReasonPhrase, IReadOnlyDictionary<string, string> Headers)
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool IsChunked => Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    public long? ContentLength => long.TryParse(Header("Content-Length"), out var length) ? length : null;

    /// <summary>Reads up to the blank line; bytes already received beyond it are returned as the start of the body.</summary>
    public static async Task<(HttpResponseHead Head, ReadOnlyMemory<byte> BodyStart)> ReadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf(EndOfHead);
            if (end >= 0)
            {
                var head = Parse(buffer.AsSpan(0, end));
                return (head, buffer.AsMemory(end + EndOfHead.Length, filled - end - EndOfHead.Length));
            }
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeadBytes)
                    throw new InvalidDataException($"The Docker engine sent response headers longer than {MaxHeadBytes} bytes.");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (read == 0)
                throw new IOException("The Docker engine closed the connection before sending a complete response.");
            filled += read;
        }
    }

    public static HttpResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusParts[1], out var status))
            throw new InvalidDataException($"The Docker engine sent an unreadable status line: '{lines[0]}'.");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }
        return new HttpResponseHead(status, statusParts.Length > 2 ? statusParts[2] : "", headers);
    }
}
