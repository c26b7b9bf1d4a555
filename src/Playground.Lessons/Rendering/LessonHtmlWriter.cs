using Markdig.Extensions.Alerts;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;

namespace Playground.Lessons;

/// <summary>Markdown -> HTML with the Playground renderers swapped in. Stateless; one HtmlRenderer per call.</summary>
internal static class LessonHtmlWriter
{
    public static string Render(string markdown, MarkdownRenderContext context) =>
        LessonHtmlSanitizer.Sanitize(RenderUnsanitized(markdown, context));

    /// <summary>The Markdig output before the sanitizer's pass (tests compare the two).</summary>
    internal static string RenderUnsanitized(string markdown, MarkdownRenderContext context)
    {
        var document = LessonMarkdown.Parse(markdown);
        LinkRewriter.Apply(document, context.AssetsUrl);

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        LessonMarkdown.Pipeline.Setup(renderer);
        var renderers = renderer.ObjectRenderers;
        renderers.Replace<CodeBlockRenderer>(new PlaygroundCodeBlockRenderer(
            renderers.FindExact<CodeBlockRenderer>()!, context, text => RenderInline(text, context)));
        renderers.Replace<CodeInlineRenderer>(new PlaygroundCodeInlineRenderer(renderers.FindExact<CodeInlineRenderer>()!));
        renderers.Replace<AlertBlockRenderer>(new CalloutRenderer(context.Language));
        renderers.Replace<HtmlBlockRenderer>(new SafeHtmlBlockRenderer());
        renderers.Replace<HtmlInlineRenderer>(new SafeHtmlInlineRenderer());
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// Renders a one-line text (a check's fail text) as inline Markdown only: code, emphasis, links, Katacoda
    /// annotations; block syntax ("# ", "1. ", "> ") stays text. Sanitized like every lesson HTML.
    /// </summary>
    public static string RenderInlineOnly(string text, MarkdownRenderContext context)
    {
        var document = Markdig.Markdown.Parse(text, LessonMarkdown.InlinePipeline);
        LinkRewriter.Apply(document, context.AssetsUrl);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = true };
        LessonMarkdown.InlinePipeline.Setup(renderer);
        var renderers = renderer.ObjectRenderers;
        renderers.Replace<CodeInlineRenderer>(new PlaygroundCodeInlineRenderer(renderers.FindExact<CodeInlineRenderer>()!));
        renderers.Replace<HtmlInlineRenderer>(new SafeHtmlInlineRenderer());
        var paragraphs = document.OfType<Markdig.Syntax.ParagraphBlock>().ToList();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (i > 0) writer.Write("<br>");
            renderer.Render(paragraphs[i]);
        }
        writer.Flush();
        return LessonHtmlSanitizer.Sanitize(writer.ToString().Trim());
    }

    /// <summary>Renders a short text (a quiz question or choice) without the surrounding paragraph.</summary>
    public static string RenderInline(string markdown, MarkdownRenderContext context)
    {
        var html = Render(markdown, context with { StepNumber = null }).TrimEnd('\n');
        if (html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal)
            && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0)
            return html[3..^4];
        return html;
    }
}
