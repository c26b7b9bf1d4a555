using Playground.Cohorts;

namespace Playground.Browser.Tests;

/// <summary>
/// The instructor page's management forms in a real browser (no sandbox needed): edit a cohort, add an instructor
/// (the one-time link shown once), see the instructor list, change one's own password, and the activity list.
/// Each runs through the page's own script under its strict CSP.
/// </summary>
public sealed class InstructorPageTests(CohortBrowser browser) : IClassFixture<CohortBrowser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instructor_edits_a_cohort_adds_an_instructor_and_changes_their_password_from_the_page()
    {
        browser.RequireBrowser();
        var store = browser.Server.Get<CohortStore>();
        var account = await store.AddInstructorAsync("Mr Lee " + Guid.NewGuid().ToString("N")[..4], Ct);
        var token = await store.CreateSignInTokenAsync(account.Id, Ct);
        var cohort = await store.CreateCohortAsync(new CohortDraft("Evening class", ["getting-started"], null, null, 10) { ReservedSeats = 4 }, account.Id, Ct);

        await using var instructor = await browser.NewLearnerAsync(1400, 1000);
        var page = instructor.Page;
        await page.GotoAsync($"/instructor/sign-in/{token}");
        await page.FillAsync("#new-password", "correct horse battery");
        await page.FillAsync("#confirm-password", "correct horse battery");
        await page.ClickAsync("#set-password-submit");
        await page.GotoAsync($"/instructor?cohort={cohort.Id}");
        await page.Locator("#cohort-name", new() { HasText = "Evening class" }).WaitForAsync();

        // Edit the cohort: the form is filled from the cohort; saving updates the head and the store.
        await page.ClickAsync("#edit-cohort summary");
        Assert.Equal("10", await page.InputValueAsync("#edit-seats"));
        Assert.Equal("4", await page.InputValueAsync("#edit-reserved"));
        Assert.Equal("getting-started", await page.InputValueAsync("#edit-opens"));
        await page.FillAsync("#edit-name", "Evening class B");
        await page.FillAsync("#edit-seats", "25");
        await page.FillAsync("#edit-idle", "15");
        await page.ClickAsync("#edit-save");
        await page.Locator("#cohort-name", new() { HasText = "Evening class B" }).WaitForAsync();
        var saved = (await store.GetCohortAsync(cohort.Id, Ct))!;
        Assert.Equal(25, saved.SeatLimit);
        Assert.Equal(TimeSpan.FromMinutes(15), saved.IdleTimeout);
        Assert.Equal(4, saved.ReservedSeats); // a field the edit did not touch survives the save

        // Bad input: a clear message, nothing changed.
        await page.FillAsync("#edit-seats", "0");
        await page.EvalOnSelectorAsync("#edit-seats", "e => e.removeAttribute('min')");
        await page.ClickAsync("#edit-save");
        await page.Locator("#ins-error:not([hidden])", new() { HasText = "seat limit" }).WaitForAsync();
        Assert.Equal(25, (await store.GetCohortAsync(cohort.Id, Ct))!.SeatLimit);

        // Add an instructor: the one-time link is shown once, and the list marks them as not signed in yet.
        await page.FillAsync("#instructor-input", "Ms Choi");
        await page.ClickAsync("#instructor-form button[type=submit]");
        await page.Locator("#new-instructor-link", new() { HasText = "/instructor/sign-in/" }).WaitForAsync();
        await page.Locator("#instructor-list li[data-instructor='Ms Choi']").WaitForAsync();

        // Change the password.
        await page.FillAsync("#password-current", "correct horse battery");
        await page.FillAsync("#password-new", "another long secret");
        await page.FillAsync("#password-confirm", "another long secret");
        await page.ClickAsync("#password-save");
        await page.Locator("#ins-status:not([hidden])", new() { HasText = "password was changed" }).WaitForAsync();
        Assert.NotNull(await store.VerifyPasswordAsync(account.Name, "another long secret", Ct));

        await page.Locator("#activity", new() { HasText = "update-cohort" }).WaitForAsync();
        instructor.AssertPageHealthy("400");
    }
}
