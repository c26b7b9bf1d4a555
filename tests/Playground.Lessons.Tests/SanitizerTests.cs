using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Playground.Lessons.Tests;

/// <summary>
/// HtmlSanitizer as the last pass over lesson HTML: an XSS corpus comes out inert through every entry point
/// (lesson Markdown, raw HTML straight into the sanitizer, fail texts), while the lesson format itself passes
/// untouched: every shipped lesson renders as before, with nothing removed.
/// </summary>
public class SanitizerTests
{
    /// <summary>Each payload as an author (or a check's FAIL: line) could write it.</summary>
    public static TheoryData<string> Payloads() => new(
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" ONERROR=\"alert(1)\">",
        "<a href=\"#\" onclick=\"alert(1)\">x</a>",
        "<details open ontoggle=alert(1)>x</details>",
        "<body onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1) \"t\")",
        "[x](&#106;avascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"0\" y=\"10\">x</text></a></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"width: expression(alert(1))\">x</p>",
        "<p style=\"behavior:url(x.htc);-moz-binding:url(x.xml#x)\">x</p>",
        "<link rel=stylesheet href=//x.example/x.css>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<form><button formaction=\"javascript:alert(1)\">go</button></form>",
        "<input type=\"image\" src=\"javascript:alert(1)\">",
        "<form><input name=x onfocus=alert(1) autofocus></form>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><base href=\"javascript:alert(1)//\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<!--<img src=x onerror=alert(1)>-->",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;img src=x onerror=alert(1)&#62;",
        "<kbd onmouseover=alert(1)>x</kbd><b style=\"x:expression(alert(1))\">b</b>",
        "```bash\" onmouseover=\"alert(1) run\nls\n```",
        "`x\" onclick=\"alert(1)`{{exec}}",
        "# x\" onclick=\"alert(1)",
        "<template><script>alert(1)</script></template><textarea><script>alert(1)</script></textarea>",
    ]);

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style", "link", "meta", "base", "template", "noscript", "textarea", "select", "video", "audio", "source"];

    private static readonly string[] UriAttributes = ["href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster", "data", "srcdoc"];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_in_lesson_markdown_is_inert(string payload)
    {
        AssertInert(Render.Html(payload));
        AssertInert(Render.Html($"> [!NOTE]\n> {payload.Replace("\n", "\n> ")}\n"));
        AssertInert(Render.Html($"- item\n\n  {payload.Replace("\n", "\n  ")}\n"));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_as_raw_html_is_inert_after_the_sanitizer_alone(string payload) =>
        // Without the Markdown layer's own escaping: the sanitizer by itself must hold.
        AssertInert(LessonHtmlSanitizer.Sanitize(payload));

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_in_a_fail_text_is_inert(string payload) =>
        AssertInert(new LessonRenderer().RenderInlineMarkdown(payload));

    [Fact]
    public void The_lesson_format_passes_the_sanitizer_unchanged()
    {
        const string markdown = """
            # Title

            > [!TIP]
            > Press `Tab`.

            ```mermaid
            graph LR
              A --> B
            ```

            ```bash run term=2 interrupt
            top
            ```

            ```yaml copy
            a: <b>
            ```

            Run `ls -la`{{exec}} or copy `kubectl get pods`{{copy}}.

            ![pic](assets/pic.png "A picture") [file](assets/app.conf) [web](https://example.org) <kbd>Ctrl</kbd>+<kbd>C</kbd>

            | left | right |
            |:-----|------:|
            | a    | b     |

            - [x] done
            - [ ] todo

            Note[^1].

            [^1]: A footnote.

            <details open><summary>More</summary>

            Hidden **text**.

            </details>
            """;
        var context = new MarkdownRenderContext("en", "/lessons-assets/t/l");
        var removed = new List<string>();
        var sanitizer = LessonHtmlSanitizer.Create();
        sanitizer.RemovingTag += (_, e) => removed.Add($"tag {e.Tag.TagName}");
        sanitizer.RemovingAttribute += (_, e) => removed.Add($"attribute {e.Attribute.Name} on {e.Tag.TagName}");
        sanitizer.RemovingStyle += (_, e) => removed.Add($"style {e.Style.Name}");
        sanitizer.RemovingCssClass += (_, e) => removed.Add($"class {e.CssClass}");
        var raw = LessonHtmlWriter.RenderUnsanitized(markdown, context);

        var sanitized = sanitizer.Sanitize(raw);

        Assert.Empty(removed);
        Assert.Equal(Normalize(raw), Normalize(sanitized));
        Assert.Contains("data-action=\"run\" data-terminal=\"2\" data-interrupt=\"true\"", sanitized);
        Assert.Contains("<pre class=\"mermaid\">", sanitized);
        Assert.Contains("pg-callout pg-callout-tip", sanitized);
        Assert.Contains("src=\"/lessons-assets/t/l/pic.png\"", sanitized);
        Assert.Contains("style=\"text-align: right", sanitized);
    }

    [Fact]
    public void A_quiz_form_keeps_its_inputs_and_submit_button()
    {
        var lesson = LoadShipped().First(l => l.Steps.Any(s => s.HasQuiz));
        var step = lesson.Steps.First(s => s.HasQuiz);
        var text = step.Text("en");
        var context = new MarkdownRenderContext("en", "/a", step.Number, text.BodyLine, text.Quizzes);
        var html = LessonHtmlWriter.Render(text.Body, context);
        var document = new HtmlParser().ParseDocument(html);
        Assert.NotNull(document.QuerySelector("form.pg-quiz[data-quiz-step]"));
        Assert.NotNull(document.QuerySelector("fieldset.pg-question[data-question][data-type] input[name]"));
        Assert.NotNull(document.QuerySelector("button.pg-quiz-submit[type=submit]"));
    }

    [Fact]
    public void Every_shipped_lesson_renders_as_before_with_nothing_removed()
    {
        var removed = new List<string>();
        var sanitizer = LessonHtmlSanitizer.Create();
        sanitizer.RemovingTag += (_, e) => removed.Add($"tag {e.Tag.TagName}");
        sanitizer.RemovingAttribute += (_, e) => removed.Add($"attribute {e.Attribute.Name}={e.Attribute.Value} on {e.Tag.TagName}");
        sanitizer.RemovingStyle += (_, e) => removed.Add($"style {e.Style.Name}");
        sanitizer.RemovingCssClass += (_, e) => removed.Add($"class {e.CssClass}");
        sanitizer.RemovingAtRule += (_, e) => removed.Add($"at-rule {e.Rule.CssText}");
        var pages = 0;
        var textuallyDifferent = 0;
        foreach (var lesson in LoadShipped())
        {
            foreach (var (what, markdown, context) in Pages(lesson))
            {
                var before = LessonHtmlWriter.RenderUnsanitized(markdown, context);
                var countBefore = removed.Count;
                var after = sanitizer.Sanitize(before);
                pages++;
                Assert.True(removed.Count == countBefore, $"{lesson.Key} {what}: the sanitizer removed {string.Join(", ", removed.Skip(countBefore))}");
                Assert.True(Normalize(before) == Normalize(after), $"{lesson.Key} {what}: the DOM changed\nbefore: {before}\nafter: {after}");
                if (before != after) textuallyDifferent++;
            }
        }
        Assert.True(pages > 300, $"only {pages} pages rendered");
        // Only serialization differs (e.g. "<br />" -> "<br>", "&quot;" in text -> '"'), never the DOM.
        TestContext.Current.SendDiagnosticMessage($"{pages} pages compared; {textuallyDifferent} differ only in serialization");
    }

    internal static IReadOnlyList<Lesson> LoadShipped()
    {
        var catalog = new LessonCatalog(TestPaths.LessonsRoot);
        Assert.Empty(catalog.Problems.Where(p => p.IsError));
        return catalog.Snapshot.Lessons.ToList();
    }

    private static IEnumerable<(string What, string Markdown, MarkdownRenderContext Context)> Pages(Lesson lesson)
    {
        foreach (var language in lesson.Languages)
        {
            var intro = lesson.IntroPage(language);
            yield return ($"intro {language}", intro.Body, new MarkdownRenderContext(language, "/a", BodyLine: intro.BodyLine));
            if (lesson.FinishPage(language) is { } finish)
                yield return ($"finish {language}", finish.Body, new MarkdownRenderContext(language, "/a", BodyLine: finish.BodyLine));
            foreach (var step in lesson.Steps)
            {
                var text = step.Text(language);
                yield return ($"step {step.Number} {language}", text.Body, new MarkdownRenderContext(text.Language, "/a", step.Number, text.BodyLine, text.Quizzes));
                foreach (var (hint, i) in text.Hints.Select((h, i) => (h, i)))
                    yield return ($"step {step.Number} hint {i + 1} {language}", hint, new MarkdownRenderContext(language, "/a"));
                if (text.Solution is { } solution)
                    yield return ($"step {step.Number} solution {language}", solution, new MarkdownRenderContext(language, "/a"));
            }
        }
    }

    /// <summary>The DOM as a browser builds it, serialized one way, so only real differences remain.</summary>
    /// <remarks>The sanitizer rewrites style declarations ("text-align: left;" -> "text-align: left"): same CSS.</remarks>
    private static string Normalize(string html)
    {
        var body = new HtmlParser().ParseDocument($"<!doctype html><body>{html}").Body!;
        foreach (var element in body.QuerySelectorAll("[style]"))
            element.SetAttribute("style", element.GetAttribute("style")!.Trim().TrimEnd(';').Replace(": ", ":"));
        return body.InnerHtml;
    }

    private static void AssertInert(string html)
    {
        var document = new HtmlParser().ParseDocument($"<!doctype html><body>{html}");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            var name = element.LocalName;
            Assert.DoesNotContain(name, ForbiddenElements);
            foreach (var attribute in element.Attributes)
            {
                var attr = attribute.Name.ToLowerInvariant();
                Assert.False(attr.StartsWith("on", StringComparison.Ordinal), $"event handler {attr} on <{name}> in: {html}");
                Assert.False(attr is "srcdoc" or "formaction" or "action" or "target" or "autofocus" or "xlink:href", $"attribute {attr} on <{name}> in: {html}");
                if (UriAttributes.Contains(attr))
                {
                    var compact = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    Assert.False(compact.StartsWith("javascript:") || compact.StartsWith("vbscript:") || compact.StartsWith("data:"),
                        $"{attr}=\"{attribute.Value}\" on <{name}> in: {html}");
                }
                if (attr == "style")
                {
                    var value = attribute.Value.ToLowerInvariant();
                    Assert.False(value.Contains("url(") || value.Contains("expression") || value.Contains("behavior") || value.Contains("binding"),
                        $"style=\"{attribute.Value}\" in: {html}");
                }
            }
            if (name == "form") Assert.Null(element.GetAttribute("action"));
        }
        Assert.Empty(document.Body.QuerySelectorAll("*").Where(e => e.NodeType == NodeType.Comment));
    }
}
