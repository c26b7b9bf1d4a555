using System.Text;

namespace Playground.Checks;

/// <summary>Builds the output kept for authors: stdout then stderr, capped in UTF-8 bytes.</summary>
public static class AuthorOutput
{
    /// <summary>The line that ends output cut at the cap.</summary>
    public const string TruncatedMarker = "[truncated]";

    /// <summary>Joins stdout and stderr (stderr after stdout) and cuts the result to <paramref name="limitBytes"/> UTF-8 bytes, ending with <see cref="TruncatedMarker"/> when anything was cut (or <paramref name="alreadyTruncated"/> says the target cut it).</summary>
    public static string Compose(string stdout, string stderr, bool alreadyTruncated, int limitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        var combined = stderr.Length == 0 ? stdout
            : stdout.Length == 0 || stdout.EndsWith('\n') ? stdout + stderr
            : stdout + "\n" + stderr;

        var capped = CapUtf8(combined, limitBytes, out var cut);
        if (!cut && !alreadyTruncated) return capped;
        return capped.Length == 0 || capped.EndsWith('\n') ? capped + TruncatedMarker : capped + "\n" + TruncatedMarker;
    }

    /// <summary>Cuts to at most <paramref name="limitBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string CapUtf8(string text, int limitBytes, out bool cut)
    {
        cut = false;
        if (text.Length <= limitBytes / 3 || Encoding.UTF8.GetByteCount(text) <= limitBytes) return text;

        cut = true;
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > limitBytes) break;
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }
}
