using Ganss.Xss;

namespace Playground.Lessons;

/// <summary>
/// The last pass over every piece of rendered lesson HTML (HtmlSanitizer on AngleSharp's HTML5 parser). The
/// Markdown layer already escapes raw HTML outside <see cref="HtmlAllowList"/> and drops unsafe link schemes; this
/// pass makes the result safe even if a renderer bug or a Markdig extension lets something through.
/// </summary>
/// <remarks>
/// Allowed is exactly what the lesson format produces: Markdown's elements (headings, lists, tables, footnotes,
/// task lists, images, links), the raw tags of <see cref="HtmlAllowList"/>, callouts (<c>div.pg-callout</c>),
/// Mermaid blocks (<c>pre.mermaid</c>), run/copy code blocks and inline code with their <c>data-action</c>,
/// <c>data-terminal</c>, <c>data-interrupt</c> attributes, and the quiz form (<c>form.pg-quiz</c> without
/// action, inputs, labels and its submit button). Links and images may use http, https, mailto or relative URLs
/// (assets are relative to the served assets URL); style may only align table cells or size grid-table columns.
/// Scripts, event handlers, SVG/MathML, iframes, objects, style elements, form targets and comments go.
/// The configured instance is never changed after construction, so one instance serves all threads.
/// </remarks>
internal static class LessonHtmlSanitizer
{
    private static readonly string[] Tags =
    [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li", "blockquote", "pre", "code", "span", "div",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "kbd", "br", "hr",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "col", "colgroup", "caption",
        "details", "summary", "dl", "dt", "dd",
        // Task lists (disabled checkboxes) and the quiz form.
        "input", "form", "fieldset", "legend", "label", "button",
    ];

    private static readonly string[] Attributes =
    [
        "class", "id", "href", "src", "alt", "title", "rel", "start", "colspan", "rowspan", "style", "open",
        "type", "name", "value", "inputmode", "autocomplete", "disabled", "checked",
        "data-action", "data-terminal", "data-interrupt", "data-quiz-step", "data-question", "data-type",
    ];

    private static readonly HtmlSanitizerOptions Options = new()
    {
        AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
        AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(["href", "src", "action", "formaction", "background", "cite", "longdesc", "poster", "lowsrc", "dynsrc", "usemap", "xlink:href"], StringComparer.OrdinalIgnoreCase),
        AllowedCssProperties = new HashSet<string>(["text-align", "width"], StringComparer.OrdinalIgnoreCase),
        AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        AllowDataAttributes = false,
    };

    private static readonly HtmlSanitizer Instance = Create();

    /// <summary>A sanitizer with the lesson configuration (tests attach to its Removing* events).</summary>
    public static HtmlSanitizer Create() => new(Options);

    public static string Sanitize(string html) => html.Length == 0 ? html : Instance.Sanitize(html);
}
