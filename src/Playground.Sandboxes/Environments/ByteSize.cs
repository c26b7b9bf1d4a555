using System.Globalization;

namespace Playground.Sandboxes.Environments;

/// <summary>Parses Docker-style sizes ("512m", "2g", "64k", "1048576").</summary>
public static class ByteSize
{
    /// <summary>Parses <c>512m</c>, <c>1g</c>, <c>64k</c> or plain bytes (binary units).</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToLowerInvariant();
        if (s.EndsWith('b')) s = s[..^1];
        long multiplier = 1;
        if (s.Length > 0 && char.IsLetter(s[^1]))
        {
            multiplier = s[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 0 };
            if (multiplier == 0) return false;
            s = s[..^1];
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0) return false;
        bytes = (long)(value * multiplier);
        return true;
    }

    /// <summary>Formats bytes in the largest binary unit that divides them (<c>512m</c>).</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };
}
