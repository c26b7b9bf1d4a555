using System.Text;

namespace Playground.Docker;

/// <summary>Keeps the first <c>limit</c> bytes of an output stream and remembers whether more arrived.</summary>
internal sealed class BoundedOutput(int limit)
{
    private readonly MemoryStream kept = new();

    public bool Truncated { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var room = limit - (int)kept.Length;
        if (bytes.Length > room)
        {
            Truncated = true;
            bytes = bytes[..Math.Max(room, 0)];
        }
        kept.Write(bytes);
    }

    public string Text => Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
}
