using System.Net;
using System.Text.RegularExpressions;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>POST .../steps/3/quiz of first-steps: grading, explanations only after submission, progress.</summary>
public sealed class QuizTests(CurriculumServer fixture) : IClassFixture<CurriculumServer>
{
    private const string QuizUrl = "/api/lessons/getting-started/first-steps/steps/3/quiz";
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task A_wrong_answer_does_not_pass_the_step()
    {
        using var learner = Server.NewLearner();
        var answers = await RightAnswersAsync(learner);
        answers["home"] = "/";

        var reply = (await learner.PostAsync(QuizUrl, new { answers })).Ok();

        Assert.False(reply["passed"]!.GetValue<bool>());
        var results = reply["results"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!["correct"]!.GetValue<bool>());
        Assert.False(results["home"]);
        Assert.True(results["make-folder"]);
        Assert.True(results["file-commands"]);
        Assert.True(results["lines"]);
        Assert.DoesNotContain(3, Api.PassedSteps(reply["progress"]!));
    }

    [Fact]
    public async Task Missing_answers_count_as_wrong_and_an_empty_submit_is_400()
    {
        using var learner = Server.NewLearner();

        var empty = await learner.PostAsync(QuizUrl, new { answers = new Dictionary<string, object> { ["home"] = "  " } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("at least one question", empty.Error);

        var reply = (await learner.PostAsync(QuizUrl, new { answers = new Dictionary<string, object> { ["home"] = "/" } })).Ok();
        Assert.False(reply["passed"]!.GetValue<bool>());
        Assert.All(reply["results"]!.AsArray(), r => Assert.False(r!["correct"]!.GetValue<bool>()));
        // The empty submit was not counted as an attempt.
        Assert.Equal(1, reply["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Wrong_answers_do_not_reveal_the_correct_ones_or_the_explanations_until_passed()
    {
        using var learner = Server.NewLearner();
        var answers = await RightAnswersAsync(learner);
        answers["home"] = "/";

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var reply = (await learner.PostAsync(QuizUrl, new { answers })).Ok();
            Assert.False(reply["revealed"]!.GetValue<bool>());
            Assert.Equal(attempt, reply["attempts"]!.GetValue<int>());
            Assert.Null(reply["attemptsLeft"]); // first-steps sets no limit: only passing reveals
            Assert.All(reply["results"]!.AsArray(), r =>
            {
                Assert.Null(r!["answer"]);
                Assert.Null(r["explanation"]);
            });
            Assert.DoesNotContain("mkdir -p a/b", reply.ToJsonString());
        }

        answers["home"] = "~";
        var passed = (await learner.PostAsync(QuizUrl, new { answers })).Ok();
        Assert.True(passed["revealed"]!.GetValue<bool>());
        Assert.All(passed["results"]!.AsArray(), r => Assert.False(string.IsNullOrEmpty(r!["answer"]?.GetValue<string>())));
    }

    [Fact]
    public async Task Right_answers_pass_the_step_with_explanations()
    {
        using var learner = Server.NewLearner();
        var answers = await RightAnswersAsync(learner);

        var reply = (await learner.PostAsync(QuizUrl, new { answers })).Ok();

        Assert.True(reply["passed"]!.GetValue<bool>());
        var results = reply["results"]!.AsArray();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r!["correct"]!.GetValue<bool>()));
        var explanation = results.Single(r => r!["id"]!.GetValue<string>() == "make-folder")!["explanation"]!.GetValue<string>();
        Assert.Contains("missing parent folders", explanation);
        Assert.Contains(3, Api.PassedSteps(reply["progress"]!));
        Assert.Contains(3, Api.PassedSteps((await learner.LessonAsync()).Ok()["progress"]!));
    }

    [Fact]
    public async Task Text_answers_ignore_case_and_surrounding_space_and_numbers_may_be_strings()
    {
        using var learner = Server.NewLearner();
        var answers = await RightAnswersAsync(learner);
        answers["home"] = "  ~ ";
        answers["lines"] = "1";

        Assert.True((await learner.PostAsync(QuizUrl, new { answers })).Ok()["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Korean_quiz_has_the_same_answers_by_index()
    {
        using var learner = Server.NewLearner();
        var answers = await RightAnswersAsync(learner, "ko");

        var reply = (await learner.PostAsync(QuizUrl + "?lang=ko", new { answers })).Ok();

        Assert.True(reply["passed"]!.GetValue<bool>());
        Assert.Contains("없는 상위 폴더", reply["results"]![0]!["explanation"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"answers\":{\"make-folder\":{\"x\":1}}}")]
    [InlineData("{\"answers\":{\"make-folder\":[\"a\"]}}")]
    [InlineData("{\"answers\":{\"make-folder\":true}}")]
    public async Task Malformed_answers_are_400(string body)
    {
        using var learner = Server.NewLearner();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await learner.Http.PostAsync(QuizUrl, content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("make-folder", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_step_without_a_quiz_is_400()
    {
        using var learner = Server.NewLearner();
        var reply = await learner.PostAsync("/api/lessons/getting-started/first-steps/steps/1/quiz", new { answers = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("no quiz", reply.Error);
    }

    /// <summary>Finds the right choices by their text in the rendered form, as a learner reading the page would.</summary>
    private static async Task<Dictionary<string, object>> RightAnswersAsync(LearnerClient learner, string lang = "en")
    {
        var html = (await learner.LessonAsync(lang: lang)).Ok()["steps"]![2]!["html"]!.GetValue<string>();
        return new Dictionary<string, object>
        {
            ["make-folder"] = new[] { ChoiceIndex(html, "make-folder", "mkdir -p a/b") },
            ["file-commands"] = new[] { ChoiceIndex(html, "file-commands", "mv"), ChoiceIndex(html, "file-commands", "touch"), ChoiceIndex(html, "file-commands", "mkdir") },
            ["home"] = "~",
            ["lines"] = 1,
        };
    }

    private static int ChoiceIndex(string html, string question, string choice)
    {
        var fieldset = CatalogTests.Fieldset(html, question);
        var match = Regex.Match(fieldset, $"<label><input type=\"(?:radio|checkbox)\" name=\"{Regex.Escape(question)}\" value=\"(\\d+)\">\\s*{Regex.Escape(choice)}\\s*</label>");
        Assert.True(match.Success, $"no choice '{choice}' in {fieldset}");
        return int.Parse(match.Groups[1].Value);
    }
}
