using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>Language and theme preferences, and the lesson page's layout at laptop and small-laptop sizes.</summary>
public sealed class PreferencesAndLayoutTests(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    [Fact]
    public async Task Language_switch_translates_the_page_and_persists_across_reload()
    {
        await using var learner = await browser.NewLearnerAsync(locale: "en-US");
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-1");
        Assert.Equal("Create a file", await page.Locator("#step-title").InnerTextAsync());
        Assert.Equal("en", await page.Locator("#lang-switch").InputValueAsync());

        await page.Locator("#lang-switch").SelectOptionAsync("ko");
        await lesson.WaitAsync("() => document.querySelector('#step-title')?.textContent === '파일 만들기'", null, "the Korean step title");
        Assert.Equal("ko", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("터미널 첫걸음", await page.Locator("#lesson-title").InnerTextAsync());
        Assert.Equal("전체 레슨", await page.Locator(".pg-breadcrumb-home").InnerTextAsync());
        Assert.Equal("다음", (await page.Locator("#step-next .pg-button-label").InnerTextAsync()).Trim());

        await lesson.ReloadAsync();
        await lesson.WaitForPositionAsync("step", 1);
        Assert.Equal("ko", await page.Locator("#lang-switch").InputValueAsync());
        Assert.Equal("파일 만들기", await page.Locator("#step-title").InnerTextAsync());
        Assert.Equal("이전", (await page.Locator("#step-prev .pg-button-label").InnerTextAsync()).Trim());
        // Korean pages put the bundled Korean font first: with the platform's UI font first, Chromium on a machine
        // without a Korean font drew all-Hangul button labels as empty boxes (app.css says why).
        foreach (var selector in new[] { "body", "#step-prev", "#step-menu summary" })
            Assert.StartsWith("\"Nanum Gothic\"", await page.EvaluateAsync<string>("(s) => getComputedStyle(document.querySelector(s)).fontFamily", selector));
        // Remembered by the server too, so it follows the learner to the catalog.
        Assert.Equal("ko", await page.EvaluateAsync<string>("() => fetch('/api/me').then(r => r.json()).then(me => me.language)"));
        await page.GotoAsync("/");
        await lesson.WaitAsync("() => document.documentElement.lang === 'ko' && document.body.innerText.includes('시작하기')", null,
            "the catalog in Korean");
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Theme_toggle_switches_colours_and_persists_across_reload()
    {
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson);
        var toggle = page.Locator("#theme-toggle");
        var initial = await page.Locator("html").GetAttributeAsync("data-theme");
        Assert.Equal("light", initial); // headless Chromium prefers a light scheme
        var lightBackground = await BackgroundAsync(learner);

        await toggle.ClickAsync();
        Assert.Equal("dark", await page.Locator("html").GetAttributeAsync("data-theme"));
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-pressed"));
        var darkBackground = await BackgroundAsync(learner);
        Assert.NotEqual(lightBackground, darkBackground);

        await lesson.ReloadAsync();
        Assert.Equal("dark", await page.Locator("html").GetAttributeAsync("data-theme"));
        Assert.Equal(darkBackground, await BackgroundAsync(learner));

        await toggle.ClickAsync();
        Assert.Equal("light", await page.Locator("html").GetAttributeAsync("data-theme"));
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-pressed"));
        learner.AssertPageHealthy();
    }

    private static Task<string> BackgroundAsync(Learner learner) =>
        learner.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#lesson-pane')).backgroundColor");

    public static readonly TheoryData<int, int> Viewports = new() { { 1280, 720 }, { 1024, 700 } };

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task Lesson_page_is_usable_without_horizontal_scrolling(int width, int height)
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync(width, height);
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-2");
        await lesson.WaitForShellAsync();
        // The widest content of the lesson: a table, code blocks with Run/Copy, a callout; plus a failed check.
        await lesson.CheckButton.ClickAsync();
        await lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='failed']", "the failed verdict");

        Directory.CreateDirectory(Screenshots.Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder, $"layout-{width}x{height}.png") });

        var overflow = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]");
        Assert.True(overflow[0] <= overflow[1] && overflow[2] <= overflow[1],
            $"the page scrolls horizontally at {width}x{height}: scrollWidth {overflow[0]}/{overflow[2]} > clientWidth {overflow[1]}");

        await AssertInViewportAsync(learner, "#terminal-pane .pg-terminal-screen", width, height, minWidth: 360, minHeight: 250);
        await AssertInViewportAsync(learner, "#lesson-pane", width, height, minWidth: 360, minHeight: 300);
        await AssertInViewportAsync(learner, "#step-next", width, height, minWidth: 40, minHeight: 24);
        await AssertInViewportAsync(learner, "#theme-toggle", width, height, minWidth: 16, minHeight: 16);
        var size = await page.EvaluateAsync<int[]>("() => { const t = window.playground.terminals[0].term; return [t.cols, t.rows]; }");
        Assert.True(size[0] >= 40 && size[1] >= 10, $"the terminal is too small to use: {size[0]}x{size[1]}");

        // Nothing in the lesson pane is wider than the pane (it would be cut off or scroll sideways).
        var wide = await page.EvaluateAsync<string[]>(@"() => {
            const scroll = document.querySelector('#lesson-scroll');
            const limit = scroll.getBoundingClientRect().right + 1;
            return [...scroll.querySelectorAll('#step-content *')]
                .filter(e => !e.closest('pre, .pg-table-wrap, table') && e.getBoundingClientRect().right > limit)
                .map(e => e.tagName + '.' + e.className);
        }");
        Assert.True(wide.Length == 0, "elements stick out of the lesson pane: " + string.Join(", ", wide));
        Assert.True(await page.EvaluateAsync<bool>("() => { const s = document.querySelector('#lesson-scroll'); return s.scrollWidth <= s.clientWidth + 1; }"),
            "the lesson pane scrolls sideways");
        learner.AssertPageHealthy();
    }

    private static async Task AssertInViewportAsync(Learner learner, string selector, int width, int height, int minWidth, int minHeight)
    {
        var box = await learner.Page.Locator(selector).First.BoundingBoxAsync();
        Assert.True(box is not null, $"{selector} is not displayed");
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width + 0.5 && box.Y + box.Height <= height + 0.5,
            $"{selector} is outside the {width}x{height} viewport: {box.X},{box.Y} {box.Width}x{box.Height}");
        Assert.True(box.Width >= minWidth && box.Height >= minHeight, $"{selector} is too small: {box.Width}x{box.Height}");
    }
}
