using System.Net.WebSockets;
using Playground.Cohorts;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// An instructor watching a learner's terminal: read-only until an explicit take-over, then typing reaches the
/// shell, the learner's terminal is told who is typing, and the hand-back (explicit, or by leaving) tells them too.
/// Every step is in the activity list.
/// </summary>
public sealed class TakeOverTests(CohortServer fixture, DockerEngine docker) : IClassFixture<CohortServer>
{
    private PlaygroundServer Server => fixture.Server;
    private CohortStore Store => fixture.Store;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri WatchUri(string workspaceId) => new($"ws://{Server.BaseUri.Authority}/ws/instructor/workspaces/{workspaceId}/terminals/1");

    [Fact]
    public async Task Watcher_input_is_refused_before_take_over_and_delivered_after_and_the_learner_is_told()
    {
        await docker.RequireShellAsync();
        var cohort = await Store.CreateCohortAsync(opens: []);
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode, "Ada")).Ok();
        var workspace = await learner.StartWorkspaceAsync();
        using var instructor = await Server.SignInInstructorAsync();
        await using var student = await TerminalSocket.AttachAsync(Server, learner, workspace);
        await using var watch = await TerminalSocket.ConnectWithCookiesAsync(WatchUri(workspace.Id), instructor.Client.Cookies, Server.Origin);
        await watch.UntilAsync(s => s.Attached, "the watch replay");

        // Before the take-over: refused, and the shell never runs it.
        await watch.TypeAsync("echo before-$((40+2))\r");
        await watch.UntilAsync(s => s.Statuses.Any(x => x["reason"]?.GetValue<string>() == "read-only"), "the read-only refusal");
        await student.TypeAsync("echo student-$((6*7))\r");
        await student.UntilAsync(s => s.Text.Contains("student-42"), "the student's own command");
        Assert.DoesNotContain("before-42", student.Text);
        Assert.DoesNotContain(student.Statuses, x => x["state"]!.GetValue<string>() == "takeover");

        // Take over: the learner is told who, and the instructor's typing reaches the shell.
        await watch.SendFrameAsync(TerminalSocket.Control, [1]);
        await student.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "takeover"), "the take-over notice");
        Assert.Equal(instructor.Name, student.Statuses.Last(x => x["state"]!.GetValue<string>() == "takeover")["by"]!.GetValue<string>());
        await watch.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "takeover"), "the take-over confirmation");
        await watch.TypeAsync("echo after-$((40+2))\r");
        await student.UntilAsync(s => s.Text.Contains("after-42"), "the instructor's command in the student's terminal");

        // A learner who reconnects during the take-over is told again.
        await using (var again = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            await again.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "takeover"), "the notice on re-attach");
            // Hand back explicitly.
            await watch.SendFrameAsync(TerminalSocket.Control, [0]);
            await again.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "released"), "the hand-back notice");
        }

        var actions = (await instructor.Client.GetAsync($"/api/instructor/cohorts/{cohort.Id}/actions")).Ok().AsArray()
            .Select(a => a!["action"]!.GetValue<string>()).ToArray();
        Assert.Contains("take-over-terminal", actions);
        Assert.Contains("release-terminal", actions);
        Assert.Contains("watch-terminal", actions);
    }

    [Fact]
    public async Task Leaving_the_watch_hands_the_terminal_back_and_a_learner_cannot_send_control_frames()
    {
        await docker.RequireShellAsync();
        var cohort = await Store.CreateCohortAsync(opens: []);
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode, "Grace")).Ok();
        var workspace = await learner.StartWorkspaceAsync();
        using var instructor = await Server.SignInInstructorAsync();
        await using var student = await TerminalSocket.AttachAsync(Server, learner, workspace);
        var watch = await TerminalSocket.ConnectWithCookiesAsync(WatchUri(workspace.Id), instructor.Client.Cookies, Server.Origin);
        await watch.UntilAsync(s => s.Attached, "the watch replay");
        await watch.SendFrameAsync(TerminalSocket.Control, [1]);
        await student.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "takeover"), "the take-over notice");

        await watch.DisposeAsync();

        await student.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "released"), "the hand-back when the watcher left");
        await Until(async () => (await Store.ListActionsAsync(cohort.Id, 50, Ct)).Any(a => a.Action == "release-terminal"), "the recorded hand-back");

        // The learner's own connection may not use the instructor's opcode.
        await using var other = await TerminalSocket.AttachAsync(Server, learner, workspace);
        await other.SendFrameAsync(TerminalSocket.Control, [1]);
        await other.UntilAsync(s => s.Closed, "the close of a learner sending CONTROL");
        Assert.Equal(4400, (int?)other.CloseStatus);
    }

    private static async Task Until(Func<Task<bool>> done, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await done()) return;
            await Task.Delay(100, Ct);
        }
        Assert.Fail($"timed out waiting for {what}");
    }
}
