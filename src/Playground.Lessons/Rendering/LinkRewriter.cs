using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Playground.Lessons;

/// <summary>Before rendering: unsafe link targets are neutralised and assets/ links point at the served assets URL.</summary>
internal static class LinkRewriter
{
    public static void Apply(MarkdownDocument document, string? assetsUrl)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            // [Open your site](preview:8000) or (preview:8000/path): the lesson page opens the learner's own
            // preview of that port (it alone knows the workspace), see lessons/README.md.
            if (UrlPolicy.PreviewTarget(link.Url) is { } preview)
            {
                link.Url = "#preview-" + preview;
                continue;
            }
            if (!UrlPolicy.IsSafe(link.Url))
            {
                link.Url = "#";
                continue;
            }
            if (assetsUrl is not null && UrlPolicy.AssetPath(link.Url) is { } asset)
                link.Url = $"{assetsUrl.TrimEnd('/')}/{asset}";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !UrlPolicy.IsSafe(autolink.Url))
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }
    }
}
