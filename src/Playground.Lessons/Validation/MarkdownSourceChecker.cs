using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Playground.Lessons;

/// <summary>Checks lesson Markdown: assets/ links exist, run blocks target an existing terminal, quizzes sit in steps.</summary>
internal static partial class MarkdownSourceChecker
{
    public static void Check(MarkdownSource source, string lessonDirectory, LessonHeader? header, DiagnosticBag diagnostics)
    {
        var document = LessonMarkdown.Parse(source.Markdown);
        // Without a readable lesson.md the terminals are unknown: lesson.md's own error is the one to fix,
        // so run targets are not judged against a guess.
        var terminals = header?.Terminals.Count ?? 99;
        var hasTerminal = header is null || header.Environment != Lesson.NoEnvironment;

        foreach (var link in document.Descendants<LinkInline>())
        {
            var line = source.Line + link.Line;
            if (!UrlPolicy.IsSafe(link.Url))
            {
                diagnostics.Warning(source.File, line, $"the link '{link.Url}' is not allowed (only http, https, mailto and relative links) and is removed");
                continue;
            }
            if (UrlPolicy.AssetPath(link.Url) is { } asset)
            {
                var relative = UrlPolicy.FilePart(asset);
                var assets = Path.GetFullPath(Path.Combine(lessonDirectory, "assets"));
                var target = Path.GetFullPath(Path.Combine(assets, relative));
                if (!target.StartsWith(assets + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    diagnostics.Error(source.File, line, $"'{link.Url}' points outside the lesson's assets/ folder");
                else if (!File.Exists(target))
                    diagnostics.Error(source.File, line, $"broken link: '{link.Url}' does not exist (looked for {Path.Combine("assets", relative)} in the lesson folder)");
            }
            else if (link.IsImage && IsRelative(link.Url))
            {
                diagnostics.Warning(source.File, line, $"the image '{link.Url}' is not in assets/: only the lesson's assets/ folder is served");
            }
        }

        foreach (var block in document.Descendants<FencedCodeBlock>())
        {
            var line = source.Line + block.Line;
            if (LessonMarkdown.IsQuizBlock(block))
            {
                if (source.Place != MarkdownPlace.Step)
                    diagnostics.Warning(source.File, line, "a quiz works only in a step's text; here it is shown as plain code");
                continue;
            }
            if (LessonMarkdown.IsMermaidBlock(block)) continue;
            var info = CodeBlockInfo.Parse(block.Info, block.Arguments);
            foreach (var flag in info.UnknownFlags)
                diagnostics.Warning(source.File, line, $"unknown code block flag '{flag}' (flags: run, run term=N, run interrupt, copy)");
            CheckExecution(info.Execution, source, line, terminals, hasTerminal, diagnostics);
        }

        CheckFences(document, source, diagnostics);
        CheckCallouts(document, source, diagnostics);

        foreach (var code in document.Descendants<CodeInline>())
            CheckExecution(InlineExecAnnotations.ExecutionOf(code), source, source.Line + code.Line, terminals, hasTerminal, diagnostics);
    }

    /// <summary>
    /// A fence that is never closed swallows the rest of the text into the code block (and a run block would type
    /// the prose into the shell). CommonMark accepts it silently, so it is reported here.
    /// </summary>
    private static void CheckFences(MarkdownDocument document, MarkdownSource source, DiagnosticBag diagnostics)
    {
        foreach (var block in document.Descendants<FencedCodeBlock>().Where(b => b.ClosingFencedCharCount == 0))
        {
            var fence = new string(block.FencedChar, Math.Max(3, block.OpeningFencedCharCount));
            var inQuote = block.Parent is QuoteBlock or Markdig.Extensions.Alerts.AlertBlock;
            diagnostics.Error(source.File, source.Line + block.Line, inQuote
                ? $"the code block opened here is not closed inside its callout/quote: add a line '> {fence}' after its last line (every line of a callout starts with >)"
                : $"the code block opened here is never closed: add a line {fence} after its last line (until then everything below is shown as code)");
        }
        foreach (var container in document.Descendants<Markdig.Extensions.CustomContainers.CustomContainer>().Where(c => c.ClosingFencedCharCount == 0))
        {
            diagnostics.Error(source.File, source.Line + container.Line,
                $"the '{new string(container.FencedChar, Math.Max(3, container.OpeningFencedCharCount))}' block opened here is never closed: add a line ::: after its content");
        }
    }

    /// <summary>
    /// Callouts are quotes whose first line is exactly <c>&gt; [!NOTE]</c>. A marker anywhere else is shown to
    /// learners as literal text, and a callout with nothing in it is an empty box.
    /// </summary>
    private static void CheckCallouts(MarkdownDocument document, MarkdownSource source, DiagnosticBag diagnostics)
    {
        foreach (var alert in document.Descendants<Markdig.Extensions.Alerts.AlertBlock>().Where(a => a.Count == 0))
            diagnostics.Warning(source.File, source.Line + alert.Line, $"the [!{alert.Kind}] callout is empty: write its text on the next lines, each starting with >");

        foreach (var paragraph in document.Descendants<ParagraphBlock>())
        {
            if (paragraph.Inline is null) continue;
            // The link parser splits "[!NOTE]" into several literals; put each line's text back together.
            // Code spans are not literals, so `[!NOTE]` in backticks (the manual shows it) is not reported.
            foreach (var line in paragraph.Inline.Descendants<LiteralInline>().GroupBy(l => l.Line))
            {
                var text = string.Concat(line.Select(l => l.Content.ToString()));
                var match = CalloutMarker().Match(text);
                if (!match.Success) continue;
                diagnostics.Error(source.File, source.Line + line.Key,
                    $"'{match.Value}' is shown as text, not as a callout: a callout starts with a line '> {match.Value.ToUpperInvariant()}' alone, and every line of it starts with > (write `{match.Value}` in backticks to show the marker itself)");
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"`+[^`]*`+")]
    private static partial System.Text.RegularExpressions.Regex CodeSpan();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[!(?:note|tip|warning|important|caution)\]", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CalloutMarker();

    private static void CheckExecution(CodeExecution execution, MarkdownSource source, int line, int terminals, bool hasTerminal, DiagnosticBag diagnostics)
    {
        if (execution.Action != CodeAction.Run) return;
        if (!hasTerminal)
            diagnostics.Error(source.File, line, "this code runs in a terminal, but the lesson has environment: none (use copy instead of run)");
        else if (execution.Terminal < 1 || execution.Terminal > terminals)
            diagnostics.Error(source.File, line, $"terminal {execution.Terminal} does not exist: the lesson has {terminals} terminal(s) (see 'terminals' in lesson.md)");
    }

    private static bool IsRelative(string? url) =>
        !string.IsNullOrEmpty(url) && !url.StartsWith('/') && !url.StartsWith('#') && !url.Contains("://", StringComparison.Ordinal)
        && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
}
