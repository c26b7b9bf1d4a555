using System.Text;
using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>
/// Raw HTML in lessons: a few formatting tags pass without attributes (so nothing can carry script);
/// every other tag is shown as text and HTML comments are dropped.
/// </summary>
internal static partial class HtmlAllowList
{
    public static readonly IReadOnlySet<string> Tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "br", "hr", "kbd", "details", "summary", "sub", "sup", "b", "i", "em", "strong", "mark", "small", "s", "del", "ins", "u",
    };

    public static string Sanitize(string html)
    {
        var result = new StringBuilder(html.Length + 16);
        var position = 0;
        foreach (Match token in Token().Matches(html))
        {
            result.Append(EscapeText(html[position..token.Index]));
            if (!token.Value.StartsWith("<!--", StringComparison.Ordinal))
                result.Append(AllowedTag(token.Value) ?? Escape(token.Value));
            position = token.Index + token.Length;
        }
        result.Append(EscapeText(html[position..]));
        return result.ToString();
    }

    /// <summary>The tag in canonical form when allowed (<c>&lt;BR /&gt;</c> -> <c>&lt;br&gt;</c>), else null.</summary>
    public static string? AllowedTag(string tag)
    {
        var match = SimpleTag().Match(tag);
        if (!match.Success) return null;
        var name = match.Groups["name"].Value.ToLowerInvariant();
        if (!Tags.Contains(name)) return null;
        var closing = match.Groups["close"].Value;
        var open = match.Groups["open"].Success && name == "details" && closing.Length == 0 ? " open" : "";
        if (match.Groups["open"].Success && open.Length == 0) return null;
        return $"<{closing}{name}{open}>";
    }

    private static string EscapeText(string text) => text.Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    [GeneratedRegex(@"<!--[\s\S]*?-->|<[^<>]*>")]
    private static partial Regex Token();

    [GeneratedRegex(@"^<(?<close>/?)(?<name>[a-zA-Z][a-zA-Z0-9]*)(?<open>\s+open)?\s*/?>$")]
    private static partial Regex SimpleTag();
}
