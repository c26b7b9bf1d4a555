using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Playground.Lessons;

/// <summary>Checks lesson Markdown: assets/ links exist, run blocks target an existing terminal, quizzes sit in steps.</summary>
internal static class MarkdownSourceChecker
{
    public static void Check(MarkdownSource source, string lessonDirectory, LessonHeader? header, DiagnosticBag diagnostics)
    {
        var document = LessonMarkdown.Parse(source.Markdown);
        var terminals = header?.Terminals.Count ?? 1;
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

        foreach (var code in document.Descendants<CodeInline>())
            CheckExecution(InlineExecAnnotations.ExecutionOf(code), source, source.Line + code.Line, terminals, hasTerminal, diagnostics);
    }

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
