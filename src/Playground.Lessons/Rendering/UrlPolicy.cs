using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>Which link targets may appear in lesson HTML, and where assets/ links point once served.</summary>
internal static partial class UrlPolicy
{
    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    /// <summary>Relative links, anchors and http(s)/mailto are safe; javascript:, data:, vbscript: ... are not.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
        var compact = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var scheme = Scheme().Match(compact);
        return !scheme.Success || SafeSchemes.Contains(scheme.Groups[1].Value.ToLowerInvariant());
    }

    /// <summary>The path inside the lesson's assets/ folder when <paramref name="url"/> points there, else null.</summary>
    public static string? AssetPath(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        var path = url.StartsWith("./", StringComparison.Ordinal) ? url[2..] : url;
        return path.StartsWith("assets/", StringComparison.Ordinal) ? path["assets/".Length..] : null;
    }

    /// <summary>Strips "?query" and "#fragment" from an asset path to get the file name.</summary>
    public static string FilePart(string assetPath)
    {
        var end = assetPath.IndexOfAny(['?', '#']);
        return Uri.UnescapeDataString(end < 0 ? assetPath : assetPath[..end]);
    }

    /// <summary>
    /// For a lesson's preview link <c>preview:PORT</c> or <c>preview:PORT/path</c> (port 1-65535, a path of URL-safe
    /// characters): <c>PORT</c> or <c>PORT/path</c>; null for any other URL.
    /// </summary>
    public static string? PreviewTarget(string? url)
    {
        if (url is null) return null;
        var match = Preview().Match(url);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var port) || port is < 1 or > 65535) return null;
        return port + match.Groups[2].Value;
    }

    [GeneratedRegex(@"^preview:([0-9]{1,5})(/[A-Za-z0-9._~/\-]*)?$")]
    private static partial Regex Preview();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex Scheme();
}
