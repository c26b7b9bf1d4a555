using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>Issue 6: a whole lesson, intro to finish, in each language, only through what a learner clicks and types.</summary>
public sealed class LessonWalkTests(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    /// <summary>What the learner must see in one language (lesson texts from lesson[.ko].md etc., UI words from i18n.js).</summary>
    public sealed record Expected(
        string Locale, string HtmlLang, string LessonTitle, string StartLabel, string NextLabel, string FinishLabel,
        string CheckLabel, string[] StepTitles, string Step1Failure, string QuizPassed, string FinishTitle, string FinishAllDone,
        string StepPassedBadge, string Step1Skipped, string HintTitle);

    public static readonly TheoryData<string> Languages = ["en", "ko"];

    private static Expected For(string language) => language switch
    {
        "ko" => new("ko-KR", "ko", "터미널 첫걸음", "시작하기", "다음", "마치기", "확인",
            ["파일 만들기", "폴더를 만들고 파일 옮기기", "짧은 퀴즈"], FirstSteps.Step1MissingFileMessageKo,
            "모두 정답입니다.", "잘했습니다", "이 레슨의 모든 단계를 통과했습니다.", "단계 완료",
            "아직 확인하지 않았습니다: 위의 확인이 통과하지 못했습니다.", "힌트"),
        _ => new("en-US", "en", "First steps in the terminal", "Start", "Next", "Finish", "Check",
            ["Create a file", "Make a folder and move the file", "Quick quiz"], FirstSteps.Step1MissingFileMessage,
            "All answers are correct.", "Well done", "You passed every step of this lesson.", "Step complete",
            "Not checked yet: a check above did not pass.", "Hints"),
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Learner_walks_first_steps_from_intro_to_finish(string language)
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        var expected = For(language);
        // A new learner whose browser asks for this language (Accept-Language and navigator.language).
        await using var learner = await browser.NewLearnerAsync(locale: expected.Locale);
        var lesson = learner.Lesson;
        var page = learner.Page;

        // Intro (a first visit opens there).
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson);
        await lesson.WaitForPositionAsync("intro");
        Assert.Equal(expected.HtmlLang, await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(expected.HtmlLang, await page.Locator("#lang-switch").InputValueAsync());
        Assert.Equal(expected.LessonTitle, await page.Locator("#step-title").InnerTextAsync());
        Assert.Equal(expected.LessonTitle, await page.Locator("#lesson-title").InnerTextAsync());
        Assert.Equal(expected.StartLabel, await NextLabelAsync(learner));
        Assert.True(await page.Locator("#fallback-notice").IsHiddenAsync(), "the fallback notice shows although the lesson is translated");
        Assert.Contains(expected.LessonTitle, await page.TitleAsync());
        await lesson.WaitForShellAsync();

        // Step 1: a failed check in the learner's language, then solved in the terminal.
        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 1);
        Assert.Equal(expected.StepTitles[0], await page.Locator("#step-title").InnerTextAsync());
        Assert.Equal(expected.CheckLabel, (await lesson.CheckButton.InnerTextAsync()).Trim());
        Assert.Equal(expected.NextLabel, await NextLabelAsync(learner));
        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='failed']", "the failed verdict");
        Assert.Equal(expected.Step1Failure,
            (await page.Locator("#step-content .pg-condition[data-status='failed'] .pg-condition-message").InnerTextAsync()).Trim());
        Assert.Equal(expected.Step1Skipped,
            (await page.Locator("#step-content .pg-condition[data-status='skipped'] .pg-condition-message").InnerTextAsync()).Trim());
        Assert.StartsWith(expected.HintTitle, (await page.Locator("#step-content .pg-hints-title").InnerTextAsync()).Trim());
        foreach (var command in FirstSteps.Step1Solve) await lesson.TypeCommandAsync(command);
        await PassCheckAsync(learner, expectedProgress: 33, expected);

        // Step 2: solved in the terminal.
        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 2);
        Assert.Equal(expected.StepTitles[1], await page.Locator("#step-title").InnerTextAsync());
        foreach (var command in FirstSteps.Step2Solve) await lesson.TypeCommandAsync(command);
        await PassCheckAsync(learner, expectedProgress: 67, expected);

        // Step 3: the quiz, answered through the form.
        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 3);
        Assert.Equal(expected.StepTitles[2], await page.Locator("#step-title").InnerTextAsync());
        Assert.Equal(expected.FinishLabel, await NextLabelAsync(learner));
        var quiz = new QuizForm(page);
        await quiz.AnswerFirstStepsCorrectlyAsync();
        Assert.Equal("passed", await quiz.SubmitAsync(lesson));
        Assert.Equal(expected.QuizPassed, (await quiz.Form.Locator(".pg-quiz-summary").InnerTextAsync()).Trim());
        Assert.Equal(100, await lesson.ProgressAsync());

        // Finish.
        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("finish");
        Assert.Equal(expected.FinishTitle, await page.Locator("#step-title").InnerTextAsync());
        Assert.Equal(expected.FinishAllDone, (await page.Locator("#step-content .pg-finish-status.is-complete").InnerTextAsync()).Trim());
        Assert.True(await lesson.NextButton.IsHiddenAsync(), "Next is offered on the finish page");
        Assert.Equal(3, await page.Locator("#step-list .pg-step-item.is-passed").CountAsync());
        // finish.md has a mermaid diagram: rendered from the vendored bundle.
        await lesson.WaitForSelectorAsync("#step-content pre.mermaid svg", "the finish page's diagram");
        Assert.EndsWith("#finish", page.Url);
        learner.AssertPageHealthy();
    }

    private static async Task<string> NextLabelAsync(Learner learner) =>
        (await learner.Page.Locator("#step-next .pg-button-label").InnerTextAsync()).Trim();

    private static async Task PassCheckAsync(Learner learner, int expectedProgress, Expected expected)
    {
        var lesson = learner.Lesson;
        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='passed']", "the passed verdict");
        await lesson.WaitForSelectorAsync("#step-content .pg-step-badge", "the step's passed badge");
        Assert.Contains(expected.StepPassedBadge, await learner.Page.Locator("#step-content .pg-step-badge").InnerTextAsync());
        Assert.Equal(expectedProgress, await lesson.ProgressAsync());
    }
}
