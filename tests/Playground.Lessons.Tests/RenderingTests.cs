namespace Playground.Lessons.Tests;

/// <summary>Expected HTML for every Playground extension of Markdown (the contract with the front end).</summary>
public class RenderingTests
{
    [Fact]
    public void Run_block_gets_run_action_on_terminal_one()
    {
        var html = Render.Html("```bash run\ndocker ps\n```\n");
        Assert.Equal(
            "<div class=\"pg-code\" data-action=\"run\" data-terminal=\"1\" data-interrupt=\"false\"><pre><code class=\"language-bash\">docker ps\n</code></pre></div>\n",
            html);
    }

    [Fact]
    public void Preview_links_become_page_anchors_the_lesson_page_opens_and_bad_ones_are_neutralised()
    {
        var html = Render.Html("[site](preview:8000) [page](preview:8080/a/b.html)\n");
        Assert.Contains("<a href=\"#preview-8000\" rel=\"noopener\">site</a>", html);
        Assert.Contains("<a href=\"#preview-8080/a/b.html\" rel=\"noopener\">page</a>", html);
        var bad = Render.Html("[x](preview:70000) [y](preview:80/a?b)\n");
        Assert.DoesNotContain("preview", bad);
    }

    [Fact]
    public void Run_block_with_term_targets_that_terminal()
    {
        var html = Render.Html("```bash run term=2\ntop\n```\n");
        Assert.Equal(
            "<div class=\"pg-code\" data-action=\"run\" data-terminal=\"2\" data-interrupt=\"false\"><pre><code class=\"language-bash\">top\n</code></pre></div>\n",
            html);
    }

    [Fact]
    public void Run_interrupt_block_sends_ctrl_c_first()
    {
        var html = Render.Html("```bash run interrupt\nls\n```\n");
        Assert.Equal(
            "<div class=\"pg-code\" data-action=\"run\" data-terminal=\"1\" data-interrupt=\"true\"><pre><code class=\"language-bash\">ls\n</code></pre></div>\n",
            html);
    }

    [Fact]
    public void Copy_block_gets_copy_action()
    {
        var html = Render.Html("```yaml copy\nkey: <value>\n```\n");
        Assert.Equal(
            "<div class=\"pg-code\" data-action=\"copy\"><pre><code class=\"language-yaml\">key: &lt;value&gt;\n</code></pre></div>\n",
            html);
    }

    [Fact]
    public void Plain_code_block_stays_plain()
    {
        var html = Render.Html("```bash\necho <hi>\n```\n");
        Assert.Equal("<pre><code class=\"language-bash\">echo &lt;hi&gt;\n</code></pre>\n", html);
    }

    [Fact]
    public void Run_block_escapes_its_command()
    {
        var html = Render.Html("```bash run\necho \"<script>\" && ls\n```\n");
        Assert.Contains("<code class=\"language-bash\">echo \"&lt;script&gt;\" &amp;&amp; ls\n</code>", html);
    }

    [Theory]
    [InlineData("exec", "run", "1", "false")]
    [InlineData("execute", "run", "1", "false")]
    [InlineData("exec T2", "run", "2", "false")]
    [InlineData("execute T3", "run", "3", "false")]
    [InlineData("execute interrupt", "run", "1", "true")]
    [InlineData("exec interrupt", "run", "1", "true")]
    public void Katacoda_inline_run_annotations(string annotation, string action, string terminal, string interrupt)
    {
        var html = Render.Html($"Type `docker ps`{{{{{annotation}}}}} now.");
        Assert.Equal(
            $"<p>Type <code class=\"pg-inline\" data-action=\"{action}\" data-terminal=\"{terminal}\" data-interrupt=\"{interrupt}\">docker ps</code> now.</p>\n",
            html);
    }

    [Fact]
    public void Katacoda_inline_copy_annotation()
    {
        var html = Render.Html("Copy `kubectl get pods`{{copy}}");
        Assert.Equal("<p>Copy <code class=\"pg-inline\" data-action=\"copy\">kubectl get pods</code></p>\n", html);
    }

    [Fact]
    public void Inline_code_without_annotation_is_plain_and_unknown_annotations_stay_text()
    {
        Assert.Equal("<p><code>ls</code> and {{open}}</p>\n", Render.Html("`ls` and {{open}}"));
        Assert.Equal("<p><code>ls</code>{{open}}</p>\n", Render.Html("`ls`{{open}}"));
    }

    [Theory]
    [InlineData("{{exec}}", "run", "1", "false")]
    [InlineData("{{execute}}", "run", "1", "false")]
    [InlineData("{{exec T2}}", "run", "2", "false")]
    [InlineData("{{execute interrupt}}", "run", "1", "true")]
    public void Katacoda_annotation_after_closing_fence_makes_a_run_block(string annotation, string action, string terminal, string interrupt)
    {
        var html = Render.Html($"```\nls -la\n```{annotation}\n\nafter\n");
        Assert.Equal(
            $"<div class=\"pg-code\" data-action=\"{action}\" data-terminal=\"{terminal}\" data-interrupt=\"{interrupt}\"><pre><code>ls -la\n</code></pre></div>\n<p>after</p>\n",
            html);
    }

    [Fact]
    public void Katacoda_copy_after_closing_fence_keeps_the_language()
    {
        var html = Render.Html("```yaml\na: 1\n```{{copy}}\n");
        Assert.Equal("<div class=\"pg-code\" data-action=\"copy\"><pre><code class=\"language-yaml\">a: 1\n</code></pre></div>\n", html);
    }

    [Theory]
    [InlineData("NOTE", "note", "Note")]
    [InlineData("TIP", "tip", "Tip")]
    [InlineData("WARNING", "warning", "Warning")]
    [InlineData("IMPORTANT", "note", "Important")]
    [InlineData("CAUTION", "warning", "Caution")]
    public void Alerts_become_callouts(string kind, string style, string title)
    {
        var html = Render.Html($"> [!{kind}]\n> Be **careful**.\n");
        Assert.Equal(
            $"<div class=\"pg-callout pg-callout-{style}\"><p class=\"pg-callout-title\">{title}</p>\n<p>Be <strong>careful</strong>.</p>\n</div>\n",
            html);
    }

    [Fact]
    public void Callout_titles_follow_the_language()
    {
        var html = Render.Html("> [!WARNING]\n> 조심하세요.\n", language: "ko");
        Assert.StartsWith("<div class=\"pg-callout pg-callout-warning\"><p class=\"pg-callout-title\">주의</p>", html);
    }

    [Fact]
    public void Plain_blockquote_is_not_a_callout()
    {
        Assert.Equal("<blockquote>\n<p>quoted</p>\n</blockquote>\n", Render.Html("> quoted\n"));
    }

    [Fact]
    public void Mermaid_block_is_a_pre_for_the_browser()
    {
        var html = Render.Html("```mermaid\ngraph LR\n  A --> B\n```\n");
        Assert.Equal("<pre class=\"mermaid\">graph LR\n  A --&gt; B\n</pre>\n", html);
    }

    [Fact]
    public void Headings_get_anchor_ids()
    {
        Assert.Equal("<h2 id=\"run-a-web-server\">Run a web server</h2>\n", Render.Html("## Run a web server\n"));
        Assert.Equal("<h2 id=\"컨테이너-실행\">컨테이너 실행</h2>\n", Render.Html("## 컨테이너 실행\n"));
    }

    [Fact]
    public void Pipe_tables_render()
    {
        var html = Render.Html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        Assert.Contains("<table>", html);
        Assert.Contains("<td>1</td>", html);
    }

    [Fact]
    public void Script_tags_are_escaped()
    {
        var html = Render.Html("<script>alert(1)</script>\n\nText <script>alert(2)</script> here\n");
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("Text &lt;script&gt;alert(2)&lt;/script&gt; here", html);
    }

    [Fact]
    public void Event_handler_attributes_never_pass()
    {
        var html = Render.Html("<img src=x onerror=alert(1)>\n\nHi <b onclick=\"x()\">there</b> <kbd>Ctrl</kbd>\n");
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b onclick", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("&lt;b onclick=\"x()\"&gt;there", html);
        Assert.Contains("<kbd>Ctrl</kbd>", html);
    }

    [Fact]
    public void Allow_listed_tags_pass_without_attributes()
    {
        var html = Render.Html("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup><br/>next\n");
        Assert.Equal("<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup><br>next</p>\n", html);
    }

    [Fact]
    public void Details_and_summary_pass_and_markdown_inside_still_renders()
    {
        var html = Render.Html("<details open>\n<summary>Answer</summary>\n\nUse **ls**.\n\n</details>\n");
        Assert.Equal("<details open=\"\">\n<summary>Answer</summary>\n<p>Use <strong>ls</strong>.</p>\n</details>\n", html);
    }

    [Fact]
    public void Html_comments_are_dropped()
    {
        Assert.Equal("<p>a  b</p>\n", Render.Html("a <!-- note to self --> b\n"));
    }

    [Fact]
    public void Javascript_links_are_neutralised_and_links_get_noopener()
    {
        var html = Render.Html("[bad](javascript:alert(1)) [encoded](JaVaScRiPt&#58;alert(1)) [good](https://example.com) <javascript:alert(2)>\n");
        // The autolink survives only as text.
        Assert.Contains(" javascript:alert(2)</p>", html);
        Assert.Contains("<a href=\"#\" rel=\"noopener\">bad</a>", html);
        Assert.Contains("<a href=\"#\" rel=\"noopener\">encoded</a>", html);
        Assert.Contains("<a href=\"https://example.com\" rel=\"noopener\">good</a>", html);
        Assert.DoesNotContain("href=\"javascript", html);
    }

    [Fact]
    public void Asset_images_and_links_are_rewritten_to_the_assets_url()
    {
        var html = Render.Html("![diagram](assets/diagram.png) ![b](./assets/img/b.svg) [file](assets/data.csv) ![web](https://example.com/x.png)\n");
        Assert.Contains("<img src=\"/lessons-assets/t/l/diagram.png\" alt=\"diagram\">", html);
        Assert.Contains("<img src=\"/lessons-assets/t/l/img/b.svg\" alt=\"b\">", html);
        Assert.Contains("<a href=\"/lessons-assets/t/l/data.csv\" rel=\"noopener\">file</a>", html);
        Assert.Contains("<img src=\"https://example.com/x.png\" alt=\"web\">", html);
    }

    [Fact]
    public void Shell_text_is_not_mangled_by_math_or_subscript()
    {
        var html = Render.Html("Use $HOME and $PATH, then cd ~/a and ~/b.\n");
        Assert.Equal("<p>Use $HOME and $PATH, then cd ~/a and ~/b.</p>\n", html);
    }

    [Fact]
    public void Generic_attributes_are_not_parsed()
    {
        var html = Render.Html("# Title {onclick=alert(1)}\n");
        Assert.DoesNotContain("onclick=\"", html);
    }
}
