using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace Playground.Lessons;

/// <summary>Inline code annotated Katacoda-style (<c>`ls`{{exec}}</c>) becomes a clickable <c>pg-inline</c> code.</summary>
internal sealed class PlaygroundCodeInlineRenderer(CodeInlineRenderer fallback) : HtmlObjectRenderer<CodeInline>
{
    protected override void Write(HtmlRenderer renderer, CodeInline code)
    {
        var execution = InlineExecAnnotations.ExecutionOf(code);
        if (execution.Action == CodeAction.None)
        {
            fallback.Write(renderer, code);
            return;
        }
        renderer.Write("<code class=\"pg-inline\" data-action=\"").Write(execution.Action == CodeAction.Run ? "run" : "copy").Write('"');
        if (execution.Action == CodeAction.Run)
            renderer.Write($" data-terminal=\"{execution.Terminal}\" data-interrupt=\"{(execution.Interrupt ? "true" : "false")}\"");
        renderer.Write('>');
        renderer.WriteEscape(code.ContentSpan);
        renderer.Write("</code>");
    }
}
