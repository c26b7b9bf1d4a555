using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Playground.Web.Hosting;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>GET /api/catalog and GET /api/lessons/{t}/{l} over the repository's own curriculum, in both languages.</summary>
public sealed class CatalogTests(CurriculumServer fixture) : IClassFixture<CurriculumServer>
{
    [Fact]
    public async Task Catalog_in_English_lists_every_track_in_track_yaml_order()
    {
        using var learner = fixture.Server.NewLearner();
        var catalog = (await learner.GetAsync("/api/catalog?lang=en")).Ok();

        Assert.Equal("en", catalog["language"]!.GetValue<string>());
        var ids = catalog["tracks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(TrackIdsInDeclaredOrder(), ids);
        var first = catalog["tracks"]![0]!;
        Assert.Equal("Getting started", first["title"]!.GetValue<string>());
        var lesson = first["lessons"]![0]!;
        Assert.Equal("first-steps", lesson["id"]!.GetValue<string>());
        Assert.Equal("First steps in the terminal", lesson["title"]!.GetValue<string>());
        Assert.Equal("shell", lesson["environment"]!.GetValue<string>());
        Assert.Equal(3, lesson["progress"]!["totalSteps"]!.GetValue<int>());
        Assert.Equal(0, lesson["progress"]!["passedSteps"]!.GetValue<int>());
    }

    [Fact]
    public async Task Catalog_in_Korean_has_Korean_titles_in_the_same_order()
    {
        using var learner = fixture.Server.NewLearner();
        var catalog = (await learner.GetAsync("/api/catalog?lang=ko")).Ok();

        Assert.Equal("ko", catalog["language"]!.GetValue<string>());
        var ids = catalog["tracks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(TrackIdsInDeclaredOrder(), ids);
        var first = catalog["tracks"]![0]!;
        Assert.Equal("시작하기", first["title"]!.GetValue<string>());
        Assert.Equal("터미널 첫걸음", first["lessons"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lesson_in_Korean_has_Korean_step_titles_and_no_fallback()
    {
        using var learner = fixture.Server.NewLearner();
        var lesson = (await learner.LessonAsync(lang: "ko")).Ok();

        Assert.Equal("ko", lesson["language"]!.GetValue<string>());
        Assert.False(lesson["fallback"]!.GetValue<bool>());
        Assert.Equal("터미널 첫걸음", lesson["title"]!.GetValue<string>());
        Assert.Equal(["파일 만들기", "폴더를 만들고 파일 옮기기", "짧은 퀴즈"],
            lesson["steps"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()).ToArray());
        Assert.Equal("shell", lesson["environment"]!["name"]!.GetValue<string>());
        Assert.Equal(1, lesson["progress"]!["currentStep"]!.GetValue<int>());
        Assert.Empty(lesson["progress"]!["passedSteps"]!.AsArray());
    }

    [Fact]
    public async Task Lesson_in_English_has_English_step_titles()
    {
        using var learner = fixture.Server.NewLearner();
        var lesson = (await learner.LessonAsync(lang: "en")).Ok();

        Assert.Equal(["Create a file", "Make a folder and move the file", "Quick quiz"],
            lesson["steps"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()).ToArray());
        var first = lesson["steps"]![0]!;
        Assert.True(first["hasChecks"]!.GetValue<bool>());
        Assert.Equal(2, first["hintCount"]!.GetValue<int>());
        Assert.Empty(first["revealedHints"]!.AsArray());
        Assert.False(first["solutionAvailable"]!.GetValue<bool>());
        Assert.True(lesson["steps"]![2]!["hasQuiz"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_lesson_is_404_with_an_error_message()
    {
        using var learner = fixture.Server.NewLearner();
        var reply = await learner.GetAsync("/api/lessons/getting-started/no-such-lesson");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Contains("no-such-lesson", reply.Error);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync("/api/lessons/no-such-track/first-steps")).Status);
    }

    [Fact]
    public async Task Quiz_answers_and_explanations_are_not_in_the_lesson_before_submission()
    {
        using var learner = fixture.Server.NewLearner();
        foreach (var lang in new[] { "en", "ko" })
        {
            var reply = await learner.LessonAsync(lang: lang);
            var quizHtml = reply.Ok()["steps"]![2]!["html"]!.GetValue<string>();

            Assert.Contains("class=\"pg-quiz\"", quizHtml);
            foreach (var explanation in new[] { "makes the missing parent folders too", "only read", "is hello.txt in your home folder",
                         "writes one line", "없는 상위 폴더도", "읽기만", "한 줄을 씁니다" })
                Assert.DoesNotContain(explanation, reply.Body);
            Assert.DoesNotContain("explanation", reply.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"answer", reply.Body, StringComparison.OrdinalIgnoreCase);
            // Text and numeric questions: an empty input, never the expected value.
            Assert.DoesNotContain("~", Fieldset(quizHtml, "home"));
            Assert.Matches("<input type=\"text\" name=\"lines\"[^>]*>", Fieldset(quizHtml, "lines"));
            Assert.DoesNotContain("value=", Fieldset(quizHtml, "lines"));
            // Choices carry an index only; nothing marks the correct one.
            var form = Regex.Match(quizHtml, "<form class=\"pg-quiz\"[\\s\\S]*?</form>").Value;
            Assert.DoesNotContain("correct", form, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("checked", form, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("data-answer", form, StringComparison.OrdinalIgnoreCase);
        }
    }

    internal static string Fieldset(string html, string question)
    {
        var match = Regex.Match(html, $"<fieldset[^>]*data-question=\"{Regex.Escape(question)}\"[\\s\\S]*?</fieldset>");
        Assert.True(match.Success, $"no fieldset for question {question} in: {html}");
        return match.Value;
    }

    private static string[] TrackIdsInDeclaredOrder()
    {
        var lessons = RepositoryLayout.Discover().Lessons;
        return Directory.GetDirectories(lessons)
            .Where(d => File.Exists(Path.Combine(d, "track.yaml")))
            .Select(d => (Id: Path.GetFileName(d), Order: int.Parse(Regex.Match(File.ReadAllText(Path.Combine(d, "track.yaml")), @"(?m)^order:\s*(\d+)").Groups[1].Value)))
            .OrderBy(t => t.Order).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => t.Id).ToArray();
    }
}
