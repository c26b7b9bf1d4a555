using Markdig.Extensions.Alerts;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Playground.Lessons;

/// <summary>
/// GitHub alerts (<c>&gt; [!NOTE]</c>) as <c>pg-callout</c> boxes. IMPORTANT and CAUTION keep their own title
/// but use the note and warning styles, the three the front end knows.
/// </summary>
internal sealed class CalloutRenderer(string language) : HtmlObjectRenderer<AlertBlock>
{
    protected override void Write(HtmlRenderer renderer, AlertBlock block)
    {
        var kind = block.Kind.ToString().ToLowerInvariant();
        var style = kind switch
        {
            "tip" => "tip",
            "warning" or "caution" => "warning",
            _ => "note",
        };
        renderer.EnsureLine();
        renderer.Write($"<div class=\"pg-callout pg-callout-{style}\"><p class=\"pg-callout-title\">")
            .WriteEscape(UiText.CalloutTitle(kind, language))
            .WriteLine("</p>");
        renderer.WriteChildren(block);
        renderer.EnsureLine();
        renderer.WriteLine("</div>");
    }
}
