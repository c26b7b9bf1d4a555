namespace Playground.Browser.Tests;

/// <summary>An author-mode server whose lessons root is a temporary folder the test edits.</summary>
public sealed class AuthorModeBrowser : BrowserFixture
{
    public const string Track = "drafts";
    public const string Lesson = "reading";

    public string LessonsRoot { get; } = Path.Combine(Path.GetTempPath(), "pg-browser-author-" + Guid.NewGuid().ToString("N")[..8]);

    public string StepFile => Path.Combine(LessonsRoot, Track, Lesson, "01-read.md");

    public const string GoodStep = """
        ---
        title: Read this
        ---
        Nothing to do here but read.
        """;

    protected override IReadOnlyDictionary<string, string> ServerSettings()
    {
        Write($"{Track}/track.yaml", "title: Drafts\nlessons: [reading]");
        Write($"{Track}/{Lesson}/lesson.md", "---\ntitle: A draft\nsummary: Being written.\nduration: 5\nenvironment: none\n---\nThe introduction.");
        Write($"{Track}/{Lesson}/01-read.md", GoodStep);
        return new Dictionary<string, string> { ["Playground:Lessons:Root"] = LessonsRoot, ["Playground:AuthorMode"] = "true" };
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(LessonsRoot, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}

/// <summary>Issue 13 item 8: a broken lesson shows its errors on the page, and the page recovers by itself when fixed.</summary>
public sealed class AuthorModeTests(AuthorModeBrowser browser) : IClassFixture<AuthorModeBrowser>
{
    [Fact]
    public async Task A_yaml_error_shows_file_line_and_hint_and_the_page_recovers_after_the_fix()
    {
        browser.RequireBrowser();
        await File.WriteAllTextAsync(browser.StepFile, AuthorModeBrowser.GoodStep.Replace("title: Read this", "title: [Read this") + "\n", TestContext.Current.CancellationToken);
        await Task.Delay(1500, TestContext.Current.CancellationToken); // the watcher's reload
        await using var learner = await browser.NewLearnerAsync();
        var page = learner.Page;

        await page.GotoAsync(LessonPage.LessonUrl(AuthorModeBrowser.Track, AuthorModeBrowser.Lesson));
        await learner.Lesson.WaitForSelectorAsync("#page-error pre.pg-lesson-problems", "the lesson's problems");
        var text = await page.Locator("#page-error").InnerTextAsync();
        Assert.Matches(@"drafts/reading/01-read\.md:\d+:\d+: error: invalid YAML", text);
        Assert.Contains("error: invalid YAML", text);
        Assert.Contains("hint:", text);
        Assert.DoesNotContain("This lesson does not exist.", text);

        await File.WriteAllTextAsync(browser.StepFile, AuthorModeBrowser.GoodStep + "\n", TestContext.Current.CancellationToken);

        // No reload by hand: the change event brings the lesson back. (Selectors only: the page's CSP forbids the
        // string evaluation that waiting on a JavaScript expression needs.)
        await learner.Lesson.WaitForSelectorAsync("#step-content[data-kind='intro']", "the lesson's introduction", timeout: 20_000);
        Assert.Contains("The introduction.", await page.Locator("#step-content").InnerTextAsync());
        Assert.True(await page.Locator("#page-error").IsHiddenAsync(), "the error panel is still shown");
        learner.AssertPageHealthy(expectedConsoleErrors: "422");
    }
}
