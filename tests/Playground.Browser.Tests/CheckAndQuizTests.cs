using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>Issue 5: the Check button (failure message, hints, solution, pass, progress) and quizzes.</summary>
public sealed class CheckAndQuizTests(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    [Fact]
    public async Task Failing_check_shows_message_and_hint_then_solving_in_the_terminal_passes()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-1");
        await lesson.WaitForShellAsync();
        Assert.Equal(0, await lesson.ProgressAsync());
        Assert.Equal(0, await page.Locator("#step-content .pg-hint").CountAsync());

        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='failed']", "the failed verdict");

        var failed = page.Locator("#step-content .pg-condition[data-status='failed']");
        Assert.Equal(1, await failed.CountAsync());
        Assert.Equal("exists", await failed.GetAttributeAsync("data-id"));
        Assert.Equal(FirstSteps.Step1MissingFileMessage, (await failed.Locator(".pg-condition-message").InnerTextAsync()).Trim());
        // `content` needs `exists`: not run, and said so in words (not with the author's ids).
        var skipped = page.Locator("#step-content .pg-condition[data-id='content']");
        Assert.Equal("skipped", await skipped.GetAttributeAsync("data-status"));
        Assert.Equal("Not checked yet: a check above did not pass.", (await skipped.Locator(".pg-condition-message").InnerTextAsync()).Trim());
        var hint = page.Locator("#step-content .pg-hint").First;
        await hint.WaitForAsync();
        Assert.Contains("echo", await hint.InnerTextAsync());
        Assert.Equal(0, await lesson.ProgressAsync());

        // show_solution defaults to after-failure: now it is offered.
        var showSolution = page.Locator("#step-content .pg-show-solution");
        await showSolution.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-solution:not([hidden])", "the solution");
        Assert.Contains("echo 'Hello, Playground' > ~/hello.txt", await page.Locator("#step-content .pg-solution").InnerTextAsync());

        foreach (var command in FirstSteps.Step1Solve) await lesson.TypeCommandAsync(command);
        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='passed']", "the passed verdict");

        Assert.DoesNotContain("null", await lesson.CheckResult.InnerTextAsync());
        // Nothing failed is left over from the first attempt; passed conditions have no message to list.
        Assert.Equal(0, await page.Locator("#step-content .pg-condition:not([data-status='passed'])").CountAsync());
        Assert.Equal(33, await lesson.ProgressAsync());
        Assert.Equal("true", await lesson.Content.GetAttributeAsync("data-passed"));
        Assert.True(await page.Locator("#step-content .pg-step-badge").IsVisibleAsync(), "the step's passed badge is hidden");
        Assert.Contains("is-passed", await page.Locator("#step-list .pg-step-item[data-step='1']").GetAttributeAsync("class"));
        Assert.Equal("true", await lesson.NextButton.GetAttributeAsync("data-highlight"));

        // Progress is the server's: it survives a reload.
        await lesson.ReloadAsync();
        await lesson.WaitForPositionAsync("step", 1);
        Assert.Equal(33, await lesson.ProgressAsync());
        Assert.Equal("true", await lesson.Content.GetAttributeAsync("data-passed"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Opening_a_step_runs_its_setup_in_the_sandbox()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        // 02-make-a-directory.md's setup writes ~/hello.txt for learners who skipped step 1.
        var opened = learner.Page.WaitForResponseAsync(r => r.Url.EndsWith("/steps/2/open", StringComparison.Ordinal),
            new() { Timeout = LessonPage.TerminalStartTimeout });
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-2");
        Assert.Equal(204, (await opened).Status);
        await lesson.WaitForShellAsync();

        await lesson.TypeCommandAsync("cat ~/hello.txt");
        Assert.Equal("Hello, Playground", await lesson.WaitForLineAsync("Hello, Playground"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Quiz_wrong_answers_are_marked_then_right_answers_pass_the_step()
    {
        browser.RequireBrowser();
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-3");
        await lesson.WaitForPositionAsync("step", 3);
        var quiz = new QuizForm(learner.Page);
        Assert.Equal(4, await quiz.Form.Locator("fieldset.pg-question").CountAsync());
        Assert.Equal(0, await lesson.ProgressAsync());

        await quiz.ChooseAsync("make-folder", "mkdir a/b");
        await quiz.ChooseAsync("file-commands", "mv", "ls");
        await quiz.FillAsync("home", "~");
        await quiz.FillAsync("lines", "2");
        Assert.Equal("failed", await quiz.SubmitAsync(lesson));

        Assert.Equal("incorrect", await quiz.ResultOfAsync("make-folder"));
        Assert.Equal("incorrect", await quiz.ResultOfAsync("file-commands"));
        Assert.Equal("correct", await quiz.ResultOfAsync("home"));
        Assert.Equal("incorrect", await quiz.ResultOfAsync("lines"));
        Assert.Equal("failed", await quiz.Form.Locator(".pg-quiz-summary").GetAttributeAsync("data-result"));
        // Issue 13 item 5: a wrong Submit does not give the answers away (first-steps sets no attempt limit).
        Assert.Equal(0, await quiz.Form.Locator(".pg-question-answer, .pg-question-explanation").CountAsync());
        Assert.DoesNotContain("mkdir -p a/b", await quiz.Form.Locator(".pg-quiz-summary").InnerTextAsync());
        Assert.Equal("false", await quiz.Form.GetAttributeAsync("data-revealed"));
        Assert.Equal(0, await lesson.ProgressAsync());
        Assert.Equal("false", await lesson.Content.GetAttributeAsync("data-passed"));

        await quiz.AnswerFirstStepsCorrectlyAsync();
        Assert.Equal("passed", await quiz.SubmitAsync(lesson));

        foreach (var id in new[] { "make-folder", "file-commands", "home", "lines" })
            Assert.Equal("correct", await quiz.ResultOfAsync(id));
        // Explanations come once passed. 03-quiz.md's "`-p` makes the missing parent folders too." shows code, not backticks.
        var explanation = quiz.Question("make-folder").Locator(".pg-question-explanation");
        Assert.Equal("-p makes the missing parent folders too.", (await explanation.InnerTextAsync()).Trim());
        Assert.Equal("-p", await explanation.Locator("code").InnerTextAsync());
        Assert.Equal(33, await lesson.ProgressAsync());
        Assert.Equal("true", await lesson.Content.GetAttributeAsync("data-passed"));
        Assert.Contains("is-passed", await learner.Page.Locator("#step-list .pg-step-item[data-step='3']").GetAttributeAsync("class"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task A_newly_revealed_hint_is_scrolled_into_view()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        // A short window: the hint lands below the fold unless the page scrolls to it.
        await using var learner = await browser.NewLearnerAsync(1280, 420);
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-1");
        await lesson.WaitForShellAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelector('#lesson-scroll').scrollTop"));

        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-hint", "the first hint");

        await lesson.WaitAsync(@"() => {
            const hint = document.querySelector('#step-content .pg-hint:last-child').getBoundingClientRect();
            const pane = document.querySelector('#lesson-scroll').getBoundingClientRect();
            return hint.top >= pane.top - 1 && hint.bottom <= pane.bottom + 1;
        }", null, "the new hint to be scrolled into the lesson pane's view");
        learner.AssertPageHealthy();
    }
}
