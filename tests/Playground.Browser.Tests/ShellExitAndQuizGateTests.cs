using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>
/// Issue 13 items 1 and 5 on <see cref="TemporaryLessonsBrowser"/>'s lessons: `exit` ends one terminal's shell, not
/// the session; a quiz withholds its answers until passed or out of attempts, and a required quiz gates Next.
/// </summary>
public sealed class ShellExitAndQuizGateTests(TemporaryLessonsBrowser browser, DockerEngine docker) : IClassFixture<TemporaryLessonsBrowser>
{
    /// <summary>
    /// The page opens one terminal before its workspace is known (issue 13, time to a usable prompt); a lesson with two
    /// terminals replaces it with its own pair. What the learner typed, and Run commands, while it was starting are
    /// typed into the lesson's first terminal, not lost (found by a fresh user's test).
    /// </summary>
    [Fact]
    public async Task Typing_while_a_two_terminal_lesson_starts_reaches_its_first_shell()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync();
        var page = learner.Page;
        // Hold the workspace's answer until the learner has typed into the starting terminal.
        var typed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/workspaces", async route =>
        {
            if (route.Request.Method == "POST") await typed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await route.ContinueAsync();
        });
        await page.GotoAsync(LessonPage.LessonUrl(TemporaryLessonsBrowser.Track, TemporaryLessonsBrowser.TwoShellsLesson) + "#step-1");
        await learner.Lesson.WaitAsync("() => window.playground?.terminals?.[0]?.connectionState === 'starting'", null, "a terminal that is starting");
        await page.EvaluateAsync("() => window.playground.terminals[0].sendInput('echo typed-while-$((40+2))\\r')");
        typed.SetResult();

        await learner.Lesson.WaitForShellAsync(1);
        await learner.Lesson.WaitForLineAsync("typed-while-42");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.playground.terminals.length"));
        learner.AssertPageHealthy();
        await learner.EndWorkspaceAsync();
    }

    [Fact]
    public async Task Exit_in_one_terminal_ends_only_that_shell_and_restart_gives_a_new_shell_in_the_same_sandbox()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(TemporaryLessonsBrowser.Track, TemporaryLessonsBrowser.TwoShellsLesson, "#step-1");
        await lesson.WaitForShellAsync(1);
        await lesson.TypeCommandAsync("echo kept > ~/kept.txt; echo main-pid-$$");
        var oldPid = (await lesson.WaitForLineAsync(@"main-pid-\d+"))["main-pid-".Length..];
        var workspace = await page.EvaluateAsync<string>("() => window.playground.workspace.id");
        await page.Locator("#pg-tab-2").ClickAsync();
        await lesson.WaitForShellAsync(2);
        await page.Locator("#pg-tab-1").ClickAsync();

        await lesson.TerminalScreen(1).ClickAsync();
        await page.Keyboard.TypeAsync("exit 3");
        await page.Keyboard.PressAsync("Enter");

        var exited = page.Locator("#pg-terminal-1 .pg-shell-exited");
        await lesson.WaitForSelectorAsync("#pg-terminal-1 .pg-shell-exited", "the shell-exited notice of terminal 1");
        Assert.Contains("Shell exited (code 3).", await exited.InnerTextAsync());
        Assert.Equal("Restart shell", (await exited.Locator(".pg-restart-shell").InnerTextAsync()).Trim());
        Assert.Equal("exited", await page.EvaluateAsync<string>("() => window.playground.terminals[0].connectionState"));
        // Not the session: no "session ended" panel, the clock runs on, the other terminal is still attached.
        Assert.True(await page.Locator("#session-ended").IsHiddenAsync(), "the session-ended panel covers the terminals after `exit`");
        Assert.Null(await page.EvaluateAsync<object?>("() => window.playground.sessionEnded ?? null"));
        Assert.True(await page.Locator("#countdown").IsVisibleAsync(), "the session clock stopped");
        Assert.Equal("connected", await page.EvaluateAsync<string>("() => window.playground.terminals[1].connectionState"));
        await page.Locator("#pg-tab-2").ClickAsync();
        await lesson.TypeCommandAsync("echo side-still-here", index: 2);
        Assert.Equal("side-still-here", await lesson.WaitForLineAsync("side-still-here", index: 2));

        await page.Locator("#pg-tab-1").ClickAsync();
        await exited.Locator(".pg-restart-shell").ClickAsync();
        await lesson.WaitForShellAsync(1);
        Assert.True(await exited.IsHiddenAsync(), "the exited notice stays after the restart");
        await lesson.TypeCommandAsync("cat ~/kept.txt; echo new-pid-$$");
        Assert.Equal("kept", await lesson.WaitForLineAsync("kept"));
        var newPid = (await lesson.WaitForLineAsync(@"new-pid-\d+"))["new-pid-".Length..];
        Assert.NotEqual(oldPid, newPid); // a new shell ...
        Assert.Equal(workspace, await page.EvaluateAsync<string>("() => window.playground.workspace.id")); // ... in the same sandbox
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Quiz_withholds_answers_until_the_attempts_are_used_and_a_required_quiz_gates_next()
    {
        browser.RequireBrowser();
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(TemporaryLessonsBrowser.Track, TemporaryLessonsBrowser.QuizLesson, "#step-1");
        await lesson.WaitForPositionAsync("step", 1);
        var quiz = new QuizForm(page);
        Assert.True(await lesson.NextButton.IsDisabledAsync(), "Next is enabled before the required quiz is passed");
        Assert.Contains("Pass this quiz", await quiz.Form.InnerTextAsync());

        // An empty Submit is refused on the page and is no attempt.
        await quiz.Form.Locator(".pg-quiz-submit").ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-quiz-summary[data-result='empty']", "the empty-submit message");

        await quiz.ChooseAsync("color", "green");
        await quiz.FillAsync("sum", "4");
        Assert.Equal("failed", await quiz.SubmitAsync(lesson));
        Assert.Equal("false", await quiz.Form.GetAttributeAsync("data-revealed"));
        Assert.Equal(0, await quiz.Form.Locator(".pg-question-answer, .pg-question-explanation").CountAsync());
        Assert.Contains("1 attempt left", await quiz.Form.Locator(".pg-quiz-summary").InnerTextAsync());
        Assert.Equal("incorrect", await quiz.ResultOfAsync("color"));
        Assert.Equal("correct", await quiz.ResultOfAsync("sum"));
        // Neither the step menu nor the URL gets past the gate.
        await page.EvaluateAsync("() => window.playground.goTo(2)");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.playground.position"));

        await quiz.ChooseAsync("color", "red");
        Assert.Equal("failed", await quiz.SubmitAsync(lesson));
        // The author's limit (quiz_attempts: 2) is used up: now the answers and explanations are shown.
        Assert.Equal("true", await quiz.Form.GetAttributeAsync("data-revealed"));
        Assert.Contains("blue", await quiz.Question("color").Locator(".pg-question-answer").InnerTextAsync());
        Assert.Contains("scatters blue light", await quiz.Question("color").Locator(".pg-question-explanation").InnerTextAsync());
        Assert.True(await lesson.NextButton.IsDisabledAsync(), "a revealed but failed required quiz lets the learner go on");

        await quiz.ChooseAsync("color", "blue");
        Assert.Equal("passed", await quiz.SubmitAsync(lesson));
        Assert.True(await lesson.NextButton.IsEnabledAsync(), "Next stays disabled after the quiz is passed");
        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 2);
        learner.AssertPageHealthy("400");
    }
}
