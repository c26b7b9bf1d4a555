using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>
/// A fenced block's info string split into its language and Playground flags:
/// <c>bash run</c>, <c>bash run term=2</c>, <c>bash run interrupt</c>, <c>bash copy</c>.
/// </summary>
public sealed partial record CodeBlockInfo(string? Language, CodeExecution Execution, IReadOnlyList<string> UnknownFlags)
{
    /// <summary>Parses a fenced code block's info string and arguments (language, <c>run</c>/<c>copy</c>, options).</summary>
    public static CodeBlockInfo Parse(string? info, string? arguments)
    {
        var words = $"{info} {arguments}".Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        string? language = null;
        var action = CodeAction.None;
        var terminal = 1;
        var interrupt = false;
        var unknown = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            switch (word.ToLowerInvariant())
            {
                case "run": action = CodeAction.Run; break;
                case "copy": if (action != CodeAction.Run) action = CodeAction.Copy; break;
                case "interrupt": interrupt = true; break;
                default:
                    if (TermFlag().Match(word) is { Success: true } m) terminal = int.Parse(m.Groups[1].Value);
                    else if (i == 0) language = word;
                    else unknown.Add(word);
                    break;
            }
        }
        // "interrupt" or "term=2" alone still means the block is meant to run.
        if (action == CodeAction.None && (interrupt || terminal != 1)) action = CodeAction.Run;
        return new CodeBlockInfo(language, new CodeExecution(action, terminal, interrupt), unknown);
    }

    [GeneratedRegex(@"^(?:term|terminal)=(\d{1,2})$", RegexOptions.IgnoreCase)]
    private static partial Regex TermFlag();
}
