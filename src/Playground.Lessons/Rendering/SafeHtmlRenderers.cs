using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Playground.Lessons;

/// <summary>Raw HTML blocks pass only through <see cref="HtmlAllowList"/>.</summary>
internal sealed class SafeHtmlBlockRenderer : HtmlObjectRenderer<HtmlBlock>
{
    protected override void Write(HtmlRenderer renderer, HtmlBlock block)
    {
        renderer.EnsureLine();
        renderer.WriteLine(HtmlAllowList.Sanitize(block.Lines.ToString()));
    }
}

/// <summary>Raw inline HTML tags pass only through <see cref="HtmlAllowList"/>.</summary>
internal sealed class SafeHtmlInlineRenderer : HtmlObjectRenderer<HtmlInline>
{
    protected override void Write(HtmlRenderer renderer, HtmlInline inline) =>
        renderer.Write(HtmlAllowList.Sanitize(inline.Tag ?? ""));
}
