using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>
/// Killercoda writes the action after the closing fence (<c>```{{exec}}</c>), which CommonMark does not
/// accept as a closing fence. Before parsing, such a line becomes a plain closing fence and the action moves
/// to the opening fence as flags (<c>```bash run</c>). Line count is kept so line numbers stay true.
/// </summary>
internal static partial class KatacodaFenceAnnotations
{
    public static string Rewrite(string markdown)
    {
        if (!markdown.Contains("{{", StringComparison.Ordinal)) return markdown;
        var lines = markdown.Split('\n');
        var openLine = -1;
        var fenceChar = '`';
        var fenceLength = 0;
        var changed = false;

        for (var i = 0; i < lines.Length; i++)
        {
            if (openLine < 0)
            {
                var open = OpeningFence().Match(lines[i]);
                if (!open.Success) continue;
                var fence = open.Groups[2].Value;
                if (fence[0] == '`' && open.Groups[3].Value.Contains('`')) continue;
                openLine = i;
                fenceChar = fence[0];
                fenceLength = fence.Length;
                continue;
            }

            var close = ClosingFence().Match(lines[i]);
            if (!close.Success || close.Groups[2].Value[0] != fenceChar || close.Groups[2].Value.Length < fenceLength) continue;

            if (close.Groups[3].Success && CodeExecution.FromAnnotation(close.Groups[3].Value) is { } execution)
            {
                lines[i] = close.Groups[1].Value + close.Groups[2].Value;
                lines[openLine] = lines[openLine].TrimEnd() + " " + execution.ToFlags();
                changed = true;
            }
            openLine = -1;
        }
        return changed ? string.Join('\n', lines) : markdown;
    }

    [GeneratedRegex(@"^(\s*)(`{3,}|~{3,})(.*)$")]
    private static partial Regex OpeningFence();

    [GeneratedRegex(@"^(\s*)(`{3,}|~{3,})[ \t]*(?:\{\{([^}]*)\}\})?[ \t]*$")]
    private static partial Regex ClosingFence();
}
