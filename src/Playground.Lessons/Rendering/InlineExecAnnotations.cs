using System.Text.RegularExpressions;
using Markdig.Helpers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Playground.Lessons;

/// <summary>
/// Finds Katacoda annotations written right after inline code (<c>`docker ps`{{exec}}</c>), removes the
/// annotation text and attaches a <see cref="CodeExecution"/> to the code inline.
/// </summary>
internal static partial class InlineExecAnnotations
{
    public static void Apply(MarkdownDocument document)
    {
        foreach (var code in document.Descendants<CodeInline>().ToList())
        {
            // The annotation may be split over several literals by inline parsers' trigger characters.
            var literals = new List<LiteralInline>();
            var text = "";
            for (var next = code.NextSibling; next is LiteralInline literal && text.Length < 80; next = next.NextSibling)
            {
                literals.Add(literal);
                text += literal.Content.ToString();
            }
            var match = Annotation().Match(text);
            if (!match.Success || CodeExecution.FromAnnotation(match.Groups[1].Value) is not { } execution) continue;

            code.SetData(typeof(CodeExecution), execution);
            var consumed = match.Length;
            foreach (var literal in literals)
            {
                var length = literal.Content.Length;
                if (consumed >= length)
                {
                    literal.Remove();
                    consumed -= length;
                    continue;
                }
                if (consumed > 0)
                {
                    var rest = literal.Content.ToString()[consumed..];
                    literal.Content = new StringSlice(rest);
                }
                break;
            }
        }
    }

    public static CodeExecution ExecutionOf(CodeInline code) =>
        code.GetData(typeof(CodeExecution)) as CodeExecution ?? CodeExecution.None;

    [GeneratedRegex(@"^\{\{([^}]*)\}\}")]
    private static partial Regex Annotation();
}
