using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>
/// The action attached to a code block (<c>```bash run term=2 interrupt</c>) or inline code
/// (Katacoda's <c>`cmd`{{exec T2}}</c>). Terminal is 1-based.
/// </summary>
public sealed partial record CodeExecution(CodeAction Action, int Terminal, bool Interrupt)
{
    /// <summary>No action.</summary>
    public static CodeExecution None { get; } = new(CodeAction.None, 1, false);

    /// <summary>Parses a Katacoda/Killercoda annotation body: "exec", "execute T2", "execute interrupt", "copy".</summary>
    public static CodeExecution? FromAnnotation(string annotation)
    {
        var words = annotation.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        var action = words[0].ToLowerInvariant() switch
        {
            "exec" or "execute" => CodeAction.Run,
            "copy" => CodeAction.Copy,
            _ => CodeAction.None,
        };
        if (action == CodeAction.None) return null;
        var terminal = 1;
        var interrupt = false;
        foreach (var word in words.Skip(1))
        {
            if (word.Equals("interrupt", StringComparison.OrdinalIgnoreCase)) interrupt = true;
            else if (TerminalWord().Match(word) is { Success: true } m) terminal = int.Parse(m.Groups[1].Value);
            else return null;
        }
        return new CodeExecution(action, terminal, interrupt);
    }

    /// <summary>The same action written as fenced-block flags ("run term=2 interrupt").</summary>
    public string ToFlags()
    {
        if (Action == CodeAction.Copy) return "copy";
        var flags = "run";
        if (Terminal != 1) flags += $" term={Terminal}";
        if (Interrupt) flags += " interrupt";
        return flags;
    }

    [GeneratedRegex(@"^[Tt](\d{1,2})$")]
    private static partial Regex TerminalWord();
}
