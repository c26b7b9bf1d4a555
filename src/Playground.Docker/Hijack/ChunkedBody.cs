using System.Globalization;
using System.Text;

namespace Playground.Docker;

/// <summary>Decodes an HTTP/1.1 chunked body read from a raw connection (only used for small error bodies).</summary>
internal static class ChunkedBody
{
    public static async Task<byte[]> ReadAsync(Stream stream, int limit, CancellationToken ct)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream, ct).ConfigureAwait(false);
            if (sizeLine is null)
                break;
            var hex = sizeLine.Split(';', 2)[0].Trim();
            if (!int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size))
                throw new InvalidDataException($"The Docker engine sent an unreadable chunk size '{sizeLine}'.");
            if (size == 0)
                break;
            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk, ct).ConfigureAwait(false);
            if (body.Length < limit)
                body.Write(chunk, 0, (int)Math.Min(size, limit - body.Length));
            await ReadLineAsync(stream, ct).ConfigureAwait(false);
        }
        return body.ToArray();
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, ct).ConfigureAwait(false) == 0)
                return line.Length > 0 ? line.ToString() : null;
            if (one[0] == '\n')
                return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }
}
