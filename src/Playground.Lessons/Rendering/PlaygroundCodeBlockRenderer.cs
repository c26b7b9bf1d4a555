using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Playground.Lessons;

/// <summary>
/// Code blocks: mermaid diagrams, quizzes (without answers), run/copy blocks per the HTML contract;
/// anything else is left to Markdig's own renderer.
/// </summary>
internal sealed class PlaygroundCodeBlockRenderer(CodeBlockRenderer fallback, MarkdownRenderContext context, Func<string, string> renderInline)
    : HtmlObjectRenderer<CodeBlock>
{
    protected override void Write(HtmlRenderer renderer, CodeBlock block)
    {
        if (block is not FencedCodeBlock fenced)
        {
            fallback.Write(renderer, block);
            return;
        }

        if (LessonMarkdown.IsMermaidBlock(fenced))
        {
            renderer.EnsureLine();
            renderer.Write("<pre class=\"mermaid\">");
            renderer.WriteLeafRawLines(fenced, true, true);
            renderer.WriteLine("</pre>");
            return;
        }

        if (LessonMarkdown.IsQuizBlock(fenced) && context.StepNumber is { } stepNumber && QuestionsOf(fenced) is { Count: > 0 } questions)
        {
            QuizHtmlWriter.Write(renderer, stepNumber, questions, context.Language, renderInline);
            return;
        }

        var info = CodeBlockInfo.Parse(fenced.Info, fenced.Arguments);
        if (info.Execution.Action == CodeAction.None)
        {
            fallback.Write(renderer, block);
            return;
        }

        renderer.EnsureLine();
        var execution = info.Execution;
        renderer.Write("<div class=\"pg-code\" data-action=\"").Write(execution.Action == CodeAction.Run ? "run" : "copy").Write('"');
        if (execution.Action == CodeAction.Run)
            renderer.Write($" data-terminal=\"{execution.Terminal}\" data-interrupt=\"{(execution.Interrupt ? "true" : "false")}\"");
        renderer.Write("><pre><code");
        if (info.Language is not null) renderer.Write(" class=\"language-").WriteEscape(info.Language).Write('"');
        renderer.Write('>');
        renderer.WriteLeafRawLines(fenced, true, true);
        renderer.WriteLine("</code></pre></div>");
    }

    private List<QuizQuestion> QuestionsOf(FencedCodeBlock block)
    {
        var first = context.BodyLine + block.Line + 1;
        var last = first + Math.Max(0, block.Lines.Count - 1);
        return (context.Quizzes ?? []).Where(q => q.Line >= first && q.Line <= last).ToList();
    }
}
