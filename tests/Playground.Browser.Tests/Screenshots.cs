using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>
/// Screenshots of the lesson page at 1280x720 in English and Korean, for a human to look at after UI changes
/// (written to bin/.../screens/, never committed). Asserts only that nothing on the way went wrong.
/// </summary>
public sealed class Screenshots(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "screens");

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("ko-KR", "ko")]
    public async Task Lesson_page_at_1280x720(string locale, string name)
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Folder);
        await using var learner = await browser.NewLearnerAsync(1280, 720, locale);
        var lesson = learner.Lesson;
        var page = learner.Page;

        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson);
        await lesson.WaitForShellAsync();
        await lesson.TypeCommandAsync("ls -la");
        await Shot(learner, $"{name}-1-intro");

        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 1);
        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='failed']", "the failed verdict");
        await page.Locator("#step-content .pg-show-solution").ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-solution:not([hidden])", "the solution");
        await page.Locator("#step-content .pg-check-area").ScrollIntoViewIfNeededAsync();
        await Shot(learner, $"{name}-2-step1-failed");

        foreach (var command in FirstSteps.Step1Solve) await lesson.TypeCommandAsync(command);
        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='passed']", "the passed verdict");
        await Shot(learner, $"{name}-3-step1-passed");

        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 2);
        await Shot(learner, $"{name}-4-step2");

        await page.Locator("#step-next").ClickAsync();
        await lesson.WaitForPositionAsync("step", 3);
        var quiz = new QuizForm(page);
        await quiz.ChooseAsync("make-folder", "mkdir a/b");
        await quiz.FillAsync("home", "~");
        await quiz.SubmitAsync(lesson);
        await Shot(learner, $"{name}-5-quiz-wrong");
        // The whole quiz at once: a viewport tall enough for the lesson pane not to scroll.
        await page.SetViewportSizeAsync(1280, 2000);
        await Shot(learner, $"{name}-5-quiz-wrong-tall");
        await page.SetViewportSizeAsync(1280, 720);

        await page.Locator("#step-menu summary").ClickAsync();
        await Shot(learner, $"{name}-6-step-menu");
        await page.Keyboard.PressAsync("Escape");

        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("finish");
        await lesson.WaitForSelectorAsync("#step-content pre.mermaid svg", "the diagram");
        await page.Locator("#theme-toggle").ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content pre.mermaid svg", "the diagram in the dark theme");
        await Shot(learner, $"{name}-7-finish-dark");

        await page.GotoAsync("/");
        await lesson.WaitAsync("() => document.querySelectorAll('a[href^=\"/lessons/\"]').length > 0", null, "the catalog");
        await Shot(learner, $"{name}-8-catalog-dark");
        learner.AssertPageHealthy();
    }

    private static async Task Shot(Learner learner, string name)
    {
        // Let pending layout and xterm rendering settle (two animation frames), not a fixed sleep.
        await learner.Page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await learner.Page.ScreenshotAsync(new()
        {
            Path = Path.Combine(Folder, name + ".png"),
            // Finishes CSS transitions (e.g. the theme's colour fade) instead of catching them half-way.
            Animations = Microsoft.Playwright.ScreenshotAnimations.Disabled,
        });
    }
}
