using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>Issue 13: "Solve it for me" on a real lesson page, in a real sandbox.</summary>
public sealed class SolveItForMeTests(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    [Fact]
    public async Task Solve_it_for_me_asks_first_then_the_step_turns_solved_with_help()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-1");
        await lesson.WaitForShellAsync();
        var solve = page.Locator("#step-content .pg-solve-button");
        Assert.Equal("Solve it for me", (await solve.InnerTextAsync()).Trim());

        // Dismissing the confirm changes nothing.
        var dialogs = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            if (accept) await dialog.AcceptAsync();
            else await dialog.DismissAsync();
        };
        await solve.ClickAsync();
        Assert.Single(dialogs);
        Assert.Contains("solved with help", dialogs[0]);
        Assert.True(await lesson.CheckResult.IsHiddenAsync(), "a dismissed confirm still ran something");

        accept = true;
        await solve.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content[data-solved-with-help='true']", "the step solved with help");
        Assert.Equal("passed", await lesson.CheckResult.GetAttributeAsync("data-verdict"));
        Assert.Equal("✓ Solved with help", (await page.Locator("#step-content .pg-step-badge").InnerTextAsync()).Trim());
        Assert.Contains("is-helped", await page.Locator("#step-list .pg-step-item[data-step='1']").GetAttributeAsync("class"));
        Assert.True(await solve.IsHiddenAsync(), "the Solve button stays on a passed step");
        Assert.Equal(33, await lesson.ProgressAsync());

        // The solution ran in this learner's shell's sandbox.
        await lesson.TypeCommandAsync("cat ~/hello.txt");
        await lesson.WaitForLineAsync("Hello, Playground");

        // It is the server's state: a reload shows it again.
        await lesson.ReloadAsync();
        await lesson.WaitForPositionAsync("step", 1);
        Assert.Equal("true", await lesson.Content.GetAttributeAsync("data-solved-with-help"));
        learner.AssertPageHealthy();
    }
}
