using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Playground.Testing;
using Playground.Testing.Web;

namespace Playground.Browser.Tests;

/// <summary>A server with room for one sandbox, so the second learner waits in line.</summary>
public sealed class OneSeatBrowser : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string>? ServerSettings() =>
        new Dictionary<string, string> { ["Playground:Sandboxes:MaxSandboxes"] = "1" };
}

/// <summary>
/// Issue 12, "when full, a learner is queued, not refused": a student who opens a lesson on a full server sees their
/// place in line and an estimate from recent session ends, and their terminal starts by itself when a seat frees.
/// </summary>
public sealed class QueueBrowserTests(OneSeatBrowser browser, DockerEngine docker) : IClassFixture<OneSeatBrowser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_queued_student_sees_position_and_wait_and_gets_a_terminal_when_a_seat_frees()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, Ct);
        using var holder = browser.Server.NewLearner();
        // Two sessions end first, so the server has a history to estimate the wait from.
        for (var i = 0; i < 2; i++) await DeleteAsync(holder, await CreateAsync(holder));
        var seat = await CreateAsync(holder);

        await using var student = await browser.NewLearnerAsync();
        await student.Page.GotoAsync($"/lessons/{FirstSteps.Track}/{FirstSteps.Lesson}");
        await student.Lesson.WaitForSelectorAsync("#workspace-queue[data-position='1'][data-state='waiting']", "the place in line");
        var text = await student.Page.InnerTextAsync("#workspace-queue-position");
        Assert.Matches(@"^You are number 1 in line, about \d+ min\.$", text);
        Assert.NotEqual("unknown", await student.Page.GetAttributeAsync("#workspace-queue", "data-eta"));
        Assert.False(await student.Page.Locator("#workspace-error").IsVisibleAsync());
        // The terminal the page opens before its workspace is known is gone while waiting: no "starting" terminal
        // under the queue panel.
        Assert.Equal(0, await student.Page.EvaluateAsync<int>("() => document.querySelectorAll('#terminal-area .xterm').length"));
        Assert.Equal(0, await student.Page.EvaluateAsync<int>("() => window.playground.terminals.length"));

        // The seat frees: the page starts the terminal by itself, no click.
        await DeleteAsync(holder, seat);
        await student.Lesson.WaitForShellAsync();
        Assert.False(await student.Page.Locator("#workspace-queue").IsVisibleAsync());
        await student.Lesson.TypeCommandAsync("echo queued-$((6*7))");
        await student.Lesson.WaitForLineAsync("queued-42");
        student.AssertPageHealthy();
        await student.EndWorkspaceAsync();
    }

    /// <summary>The queue panel in Korean: title, place and note, with no English left in it.</summary>
    [Fact]
    public async Task The_queue_panel_speaks_Korean_to_a_Korean_student()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, Ct);
        using var holder = browser.Server.NewLearner();
        string? seat = await CreateAsync(holder);
        try
        {
            await using var student = await browser.NewLearnerAsync(locale: "ko-KR");
            await student.Context.AddInitScriptAsync("try { localStorage.setItem('pg.language', 'ko'); } catch {}");
            await student.Page.GotoAsync($"/lessons/{FirstSteps.Track}/{FirstSteps.Lesson}");
            await student.Lesson.WaitForSelectorAsync("#workspace-queue[data-position='1'][data-state='waiting']", "the place in line");

            var panel = await student.Page.InnerTextAsync("#workspace-queue");
            Assert.Contains("빈 샌드박스를 기다리는 중", panel);
            Assert.Matches(@"대기 순번 1번", await student.Page.InnerTextAsync("#workspace-queue-position"));
            Assert.Contains("이 페이지를 열어 두세요", panel);
            Assert.DoesNotMatch("[A-Za-z]{4,}", panel);
            student.AssertPageHealthy();

            // Leave the one seat free for the next test: the waiting student is admitted, then ends.
            await DeleteAsync(holder, seat);
            seat = null;
            await student.Lesson.WaitForShellAsync();
            await student.EndWorkspaceAsync();
        }
        finally
        {
            if (seat is not null) await DeleteAsync(holder, seat);
        }
    }

    private static async Task<string> CreateAsync(LearnerClient learner)
    {
        using var response = await learner.Http.PostAsJsonAsync("/api/workspaces", new { track = FirstSteps.Track, lesson = FirstSteps.Lesson }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
    }

    private static async Task DeleteAsync(LearnerClient learner, string id)
    {
        using var response = await learner.Http.DeleteAsync($"/api/workspaces/{id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
