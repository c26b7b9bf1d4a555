using System.Net;
using System.Text.Json.Nodes;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>Behaviour that needs lessons the curriculum does not have (see <see cref="TestLessons"/>).</summary>
public sealed class TestLessonTests(TestLessonsServer fixture, DockerEngine docker) : IClassFixture<TestLessonsServer>
{
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task A_lesson_without_Korean_translation_falls_back_to_English_with_fallback_true()
    {
        using var learner = Server.NewLearner();
        var lesson = (await learner.LessonAsync(TestLessons.Track, TestLessons.Untranslated, "ko")).Ok();

        Assert.True(lesson["fallback"]!.GetValue<bool>());
        Assert.Equal("English only", lesson["title"]!.GetValue<string>());
        Assert.Equal("The only step", lesson["steps"]![0]!["title"]!.GetValue<string>());
        Assert.False((await learner.LessonAsync(TestLessons.Track, TestLessons.Untranslated, "en")).Ok()["fallback"]!.GetValue<bool>());
        // The track itself is translated.
        var catalog = (await learner.GetAsync("/api/catalog?lang=ko")).Ok();
        Assert.Equal("테스트 트랙", catalog["tracks"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Raw_script_tags_in_lesson_markdown_are_never_rendered_as_html()
    {
        using var learner = Server.NewLearner();
        foreach (var lang in new[] { "en", "ko" })
        {
            var lesson = (await learner.LessonAsync(TestLessons.Track, TestLessons.Hostile, lang)).Ok();
            var html = string.Join("\n", new[] { lesson["introHtml"]!.GetValue<string>() }
                .Concat(lesson["steps"]!.AsArray().Select(s => s!["html"]!.GetValue<string>())));

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("<[^>]+onerror", html);
            Assert.Contains("&lt;script", html);
        }
    }

    [Fact]
    public async Task Markup_in_check_output_comes_back_as_raw_text_in_json()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync(TestLessons.Track, TestLessons.Hostile);

        var report = (await learner.CheckAsync(1, workspace.Id, TestLessons.Track, TestLessons.Hostile)).Ok();

        Assert.Equal("failed", report["verdict"]!.GetValue<string>());
        var condition = report["conditions"]![0]!;
        Assert.Equal("The check always fails.", condition["message"]!.GetValue<string>());
        // Raw: neither escaped nor stripped by the server; the front end inserts it as text.
        Assert.Contains(TestLessons.CheckScriptOutput, condition["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fail_text_comes_with_its_inline_markdown_rendered_and_sanitized()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync(TestLessons.Track, TestLessons.Hostile);

        var report = (await learner.CheckAsync(1, workspace.Id, TestLessons.Track, TestLessons.Hostile)).Ok();

        var condition = report["conditions"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "markdown-fail")!;
        // The author's text stays as written; the rendered field is what the page inserts as HTML.
        Assert.StartsWith("Run `ls -la` **now**", condition["message"]!.GetValue<string>());
        var html = condition["messageHtml"]!.GetValue<string>();
        Assert.StartsWith("Run <code>ls -la</code> <strong>now</strong> ", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<p>", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("&lt;img", html);
    }

    [Fact]
    public async Task A_quiz_only_lesson_has_no_workspace_but_its_quiz_passes()
    {
        using var learner = Server.NewLearner();
        var create = await learner.CreateWorkspaceAsync(TestLessons.Track, TestLessons.QuizOnly);
        Assert.Equal(HttpStatusCode.BadRequest, create.Status);
        Assert.Contains("no terminal", create.Error);

        var lesson = (await learner.LessonAsync(TestLessons.Track, TestLessons.QuizOnly)).Ok();
        Assert.Equal("none", lesson["environment"]!["name"]!.GetValue<string>());
        Assert.DoesNotContain("forty-two", lesson.ToJsonString());

        var wrong = (await learner.PostAsync($"/api/lessons/{TestLessons.Track}/{TestLessons.QuizOnly}/steps/1/quiz", new { answers = new { q1 = 41 } })).Ok();
        Assert.False(wrong["passed"]!.GetValue<bool>());
        var right = (await learner.PostAsync($"/api/lessons/{TestLessons.Track}/{TestLessons.QuizOnly}/steps/1/quiz", new { answers = new { q1 = 42 } })).Ok();
        Assert.True(right["passed"]!.GetValue<bool>());
        Assert.Equal("Six sevens are forty-two.", right["results"]![0]!["explanation"]!.GetValue<string>());
        Assert.Equal([1], Api.PassedSteps(right["progress"]!));
        var summary = (await learner.GetAsync("/api/catalog")).Ok()["tracks"]![0]!["lessons"]!.AsArray()
            .Single(l => l!["id"]!.GetValue<string>() == TestLessons.QuizOnly)!["progress"]!;
        Assert.True(summary["finished"]!.GetValue<bool>());
    }
}
