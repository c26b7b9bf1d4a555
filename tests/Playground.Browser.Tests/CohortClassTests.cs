using System.Diagnostics;
using Microsoft.Playwright;
using Playground.Cohorts;
using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>A server in cohort mode (as on a non-loopback address).</summary>
public sealed class CohortBrowser : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string>? ServerSettings() => new Dictionary<string, string> { ["Playground:Access"] = "cohort" };
}

/// <summary>
/// Issue 12 end to end in real browsers: an instructor signs in with the one-time link and creates a cohort; two
/// students join in separate browser contexts, one passes a step and one fails it; the live dashboard shows
/// both; the instructor watches a student's terminal (replay included) and sees a command the student types.
/// </summary>
public sealed class CohortClassTests(CohortBrowser browser, DockerEngine docker, ITestOutputHelper output) : IClassFixture<CohortBrowser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Instructor_creates_a_cohort_two_students_join_and_the_dashboard_and_terminal_watch_follow_them()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, Ct);
        var store = browser.Server.Get<CohortStore>();
        var account = await store.AddInstructorAsync("Ms Park", Ct);
        var token = await store.CreateSignInTokenAsync(account.Id, Ct);

        // Instructor: one-time link -> password -> dashboard -> new cohort.
        await using var instructor = await browser.NewLearnerAsync(1400, 900);
        var ip = instructor.Page;
        await ip.GotoAsync($"/instructor/sign-in/{token}");
        await ip.FillAsync("#new-password", "correct horse battery");
        await ip.FillAsync("#confirm-password", "correct horse battery");
        await ip.ClickAsync("#set-password-submit");
        await ip.WaitForFunctionAsync("() => window.playground?.ready === true");
        Assert.Equal("Ms Park", await ip.InnerTextAsync("#instructor-name"));
        await ip.FillAsync("#cohort-name-input", "Bootcamp Seoul");
        await ip.FillAsync("#cohort-opens", FirstSteps.Track);
        await ip.FillAsync("#cohort-seats", "10");
        await ip.ClickAsync("#cohort-create");
        await ip.WaitForFunctionAsync("() => /^[A-Z0-9]{8}$/.test(document.querySelector('#join-code')?.textContent ?? '')");
        var joinLink = await ip.GetAttributeAsync("#join-link", "href");
        Assert.Matches("/join/[A-Z0-9]{8}$", joinLink);
        await ip.WaitForSelectorAsync("#grid .pg-panel-note"); // "Nobody has joined yet", pushed by the live grid

        // A stranger (no join) reads the lesson but is told to join before a sandbox starts.
        await using var stranger = await browser.NewLearnerAsync();
        await stranger.Page.GotoAsync($"/lessons/{FirstSteps.Track}/{FirstSteps.Lesson}");
        await stranger.Page.Locator("#cohort-banner #join-link").WaitForAsync();
        await stranger.Page.Locator("#workspace-error").WaitForAsync();
        Assert.Contains("join", await stranger.Page.InnerTextAsync("#workspace-error-message"));

        // Two students, each in their own browser context, join through the link and open the lesson.
        await using var alice = await JoinAsync(joinLink!, "Alice");
        await using var bora = await JoinAsync(joinLink!, "Bora");

        // Alice passes step 1; Bora fails it.
        foreach (var command in FirstSteps.Step1Solve) await alice.Lesson.TypeCommandAsync(command);
        await alice.Lesson.CheckButton.ClickAsync();
        await alice.Lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='passed']", "Alice's pass");
        await bora.Lesson.CheckButton.ClickAsync();
        await bora.Lesson.WaitForSelectorAsync("#step-content .pg-check-result[data-verdict='failed']", "Bora's failure");
        var afterChecks = Stopwatch.StartNew();

        // The dashboard (server-sent events, no polling in the page) shows both.
        await ip.WaitForFunctionAsync(@"() => {
            const rows = window.playground.grid?.students ?? [];
            const a = rows.find(s => s.displayName === 'Alice'), b = rows.find(s => s.displayName === 'Bora');
            return a && b && a.cells['getting-started/first-steps']?.[0] === 'passed' && a.step === 2
                && b.failedChecks === 1 && b.cells['getting-started/first-steps']?.[0] === 'current-failing'
                && document.querySelectorAll('#grid-table tbody tr').length === 2;
        }", null, new() { Timeout = 30_000 });
        output.WriteLine($"dashboard showed both students {afterChecks.ElapsedMilliseconds} ms after Bora's verdict");
        Assert.Equal("passed", await ip.GetAttributeAsync("tr[data-name='Alice'] .pg-step-cell[data-step='1']", "data-state"));
        Assert.Equal("1", await ip.InnerTextAsync("tr[data-name='Bora'] .pg-failed"));

        // Watch Alice's terminal: the replay has what she typed before; new input appears live; the view is read-only.
        await ip.ClickAsync("tr[data-name='Alice'] .pg-watch-button");
        await ip.WaitForFunctionAsync("() => window.playground.watch?.text().includes('hello.txt')", null, new() { Timeout = 30_000 });
        await alice.Lesson.TypeCommandAsync("echo watched-$((6*7))");
        await ip.WaitForFunctionAsync("() => window.playground.watch.text().includes('watched-42')", null, new() { Timeout = 30_000 });
        Assert.Contains("echo watched-$((6*7))", await ip.EvaluateAsync<string>("() => window.playground.watch.text()"));
        await ip.Locator("#watch-screen").ClickAsync();
        await ip.Keyboard.TypeAsync("echo from-the-instructor\n");
        await alice.Lesson.TypeCommandAsync("echo still-mine");
        Assert.DoesNotContain("from-the-instructor", await alice.Lesson.TerminalTextAsync());

        // Take over explicitly: Alice's page names who is typing, the instructor's command runs in her shell; hand back.
        await ip.ClickAsync("#watch-takeover");
        await alice.Page.Locator("#takeover-banner[data-state='takeover']").WaitForAsync();
        Assert.Contains("Your instructor Ms Park is typing in your terminal", await alice.Page.InnerTextAsync("#takeover-text"));
        await ip.Locator("#watch-screen").ClickAsync();
        await ip.Keyboard.TypeAsync("echo typed-by-$((2+3))\n");
        await alice.Lesson.WaitForLineAsync("typed-by-5", what: "the instructor's command in Alice's terminal");
        await ip.ClickAsync("#watch-takeover");
        await alice.Page.Locator("#takeover-banner[data-state='released']").WaitForAsync();
        await ip.ClickAsync("#watch-close");

        // A broadcast reaches the students' open lesson pages; every action is in the activity list.
        await ip.FillAsync("#broadcast-input", "Break until 11:00");
        await ip.ClickAsync("#broadcast-form button[type=submit]");
        await bora.Page.Locator("#broadcast-banner #broadcast-text").WaitForAsync();
        Assert.Equal("Break until 11:00", await bora.Page.InnerTextAsync("#broadcast-text"));
        await ip.WaitForFunctionAsync("() => document.querySelector('#activity')?.innerText.includes('broadcast')");
        var activity = await ip.InnerTextAsync("#activity");
        Assert.Contains("create-cohort", activity);
        Assert.Contains("watch-terminal", activity);
        Assert.Contains("take-over-terminal", activity);
        Assert.Contains("release-terminal", activity);
        Assert.Contains("Ms Park", activity);

        alice.AssertPageHealthy();
        bora.AssertPageHealthy();
        instructor.AssertPageHealthy();
    }

    [Fact]
    public async Task My_sessions_lists_the_open_session_and_reset_gives_a_fresh_sandbox_after_a_warning()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, Ct);
        var cohort = await browser.Server.Get<CohortStore>().CreateCohortAsync(
            new CohortDraft("Sessions class", [FirstSteps.Track], null, null, 5), "test", Ct);
        await using var student = await JoinAsync($"/join/{cohort.JoinCode}", "Chan");
        var page = student.Page;
        await student.Lesson.TypeCommandAsync("touch ~/scratch.txt");
        var before = await page.EvaluateAsync<string>("() => window.playground.workspace.id");

        await page.ClickAsync("#my-sessions-button");
        var row = page.Locator($"#my-sessions .pg-session-row[data-workspace='{before}']");
        await row.WaitForAsync();
        Assert.Contains("ends in", await row.InnerTextAsync());
        string? warning = null;
        page.Dialog += async (_, dialog) => { warning = dialog.Message; await dialog.AcceptAsync(); };
        await row.Locator(".pg-session-reset").ClickAsync();
        await page.WaitForFunctionAsync("old => window.playground?.ready === true && window.playground.workspace?.id && window.playground.workspace.id !== old",
            before, new() { Timeout = 90_000 });
        await student.Lesson.WaitForShellAsync();
        await student.Lesson.TypeCommandAsync("ls ~/scratch.txt 2>&1 | tail -1");

        Assert.Contains("every file in the current one is lost", warning);
        Assert.Contains("No such file", await student.Lesson.TerminalTextAsync());
        student.AssertPageHealthy();
    }

    [Fact]
    public async Task An_instructor_opens_a_students_web_preview_from_the_dashboard_and_it_is_recorded()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, Ct);
        var store = browser.Server.Get<CohortStore>();
        var account = await store.AddInstructorAsync("Mr Kim " + Guid.NewGuid().ToString("N")[..4], Ct);
        var token = await store.CreateSignInTokenAsync(account.Id, Ct);
        var cohort = await store.CreateCohortAsync(new CohortDraft("Preview class", [FirstSteps.Track], null, null, 10), account.Id, Ct);

        // A student runs a web server in their sandbox.
        await using var student = await JoinAsync($"{browser.Server.Origin}/join/{cohort.JoinCode}", "Hana");
        await student.Lesson.TypeCommandAsync("mkdir -p ~/site && echo '<h1>hello from Hana</h1>' > ~/site/index.html");
        await student.Lesson.TypeCommandAsync("(cd ~/site && python3 -m http.server 8000 >/dev/null 2>&1 &)");

        await using var instructor = await browser.NewLearnerAsync(1400, 900);
        var ip = instructor.Page;
        await ip.GotoAsync($"/instructor/sign-in/{token}");
        await ip.FillAsync("#new-password", "correct horse battery");
        await ip.FillAsync("#confirm-password", "correct horse battery");
        await ip.ClickAsync("#set-password-submit");
        await ip.GotoAsync($"/instructor?cohort={cohort.Id}");
        var button = ip.Locator("tr[data-name='Hana'] .pg-preview-button");
        await button.WaitForAsync();

        // "Open preview" asks for the port (8000 by default) and opens the preview's own host in a new tab.
        string? asked = null;
        ip.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync(dialog.DefaultValue);
        };
        var popup = await ip.RunAndWaitForPopupAsync(() => button.ClickAsync());
        await popup.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        for (var attempt = 0; !(await popup.Locator("body").InnerTextAsync()).Contains("hello from Hana", StringComparison.Ordinal); attempt++)
        {
            if (attempt >= 60) throw new Xunit.Sdk.XunitException($"the preview at {popup.Url} never showed the student's page: {await popup.Locator("body").InnerTextAsync()}");
            await Task.Delay(500, Ct);
            await popup.ReloadAsync();
        }
        Assert.Contains("Hana", asked);
        Assert.StartsWith("p-8000-", new Uri(popup.Url).Host);
        await ip.Locator("#activity", new() { HasText = "open-preview" }).WaitForAsync();
        instructor.AssertPageHealthy();
    }

    private async Task<Learner> JoinAsync(string joinLink, string name)
    {
        var student = await browser.NewLearnerAsync();
        var page = student.Page;
        await page.GotoAsync(joinLink);
        await student.Lesson.WaitAsync("() => window.playground?.ready === true", null, "the join page's code");
        await page.FillAsync("#join-name", name);
        await page.ClickAsync("#join-submit");
        await page.Locator("#join-done").WaitForAsync();
        Assert.Matches("^[A-Z0-9]{12}$", await page.InnerTextAsync("#resume-code"));
        await student.Lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-1");
        await student.Lesson.WaitForShellAsync();
        Assert.Contains(name, await page.InnerTextAsync("#cohort-chip"));
        return student;
    }
}
