using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;

namespace Playground.Lessons;

/// <summary>
/// The one Markdown dialect of lessons, shared by the loader (quizzes), the validator (links, flags) and the
/// renderer so all three see the same blocks at the same lines.
/// </summary>
/// <remarks>
/// Left out on purpose: mathematics ($...$ would eat shell variables), sub/superscript (~ and ^ are paths and
/// regexes in commands), generic attributes ({onclick=...} would bypass the HTML allow-list), media links (iframes).
/// </remarks>
internal static class LessonMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UseAlertBlocks()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .UseListExtras()
        .UseFootnotes()
        .UseCustomContainers()
        .UseAutoLinks()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseCjkFriendlyEmphasis()
        .UseReferralLinks("noopener")
        .Use<PlaygroundSyntaxExtension>()
        .Build();

    /// <summary>
    /// Inline syntax only (for fail texts): every block parser but paragraphs is removed, so "# x", "1. x" or
    /// "&gt; x" stay text and raw HTML is inline HTML (shown as text unless allowed).
    /// </summary>
    public static MarkdownPipeline InlinePipeline { get; } = BuildInlinePipeline();

    private static MarkdownPipeline BuildInlinePipeline()
    {
        var builder = new MarkdownPipelineBuilder()
            .UseAutoLinks()
            .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
            .UseCjkFriendlyEmphasis()
            .UseReferralLinks("noopener")
            .Use<PlaygroundSyntaxExtension>();
        builder.BlockParsers.RemoveAll(parser => parser is not Markdig.Parsers.ParagraphBlockParser);
        return builder.Build();
    }

    public static MarkdownDocument Parse(string markdown) =>
        Markdown.Parse(KatacodaFenceAnnotations.Rewrite(markdown), Pipeline);

    public static bool IsQuizBlock(FencedCodeBlock block) =>
        string.Equals(block.Info, "quiz", StringComparison.OrdinalIgnoreCase);

    public static bool IsMermaidBlock(FencedCodeBlock block) =>
        string.Equals(block.Info, "mermaid", StringComparison.OrdinalIgnoreCase);
}
