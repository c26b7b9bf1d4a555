using System.Net;
using System.Net.Http.Json;
using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// What a signed-in instructor manages from the instructor page, through the same API the page calls: other
/// instructors (one-time link shown once) and their own password; a cohort's settings; renaming and removing a
/// learner (their sessions end with the reason "removed"). Every action is in the activity list; bad input is a clear
/// 400; a foreign Origin is refused. Instructors are peers (cohorts have no owners), so there is no
/// "instructor of another cohort" refusal to test.
/// </summary>
public sealed class InstructorManagementTests(CohortServer fixture, DockerEngine docker) : IClassFixture<CohortServer>
{
    private PlaygroundServer Server => fixture.Server;
    private CohortStore Store => fixture.Store;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The instructor's own cookie and antiforgery token, sent from a foreign page.</summary>
    private async Task<HttpResponseMessage> FromForeignOriginAsync(InstructorClient instructor, HttpMethod method, string url, object? body = null)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = instructor.Client.Cookies }) { BaseAddress = Server.BaseUri };
        foreach (var header in instructor.Client.Http.DefaultRequestHeaders.Where(h => h.Key != "Origin"))
            http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        http.DefaultRequestHeaders.Add("Origin", "http://evil.example");
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        return await http.SendAsync(request, Ct);
    }

    private async Task<string[]> ActionsAsync(InstructorClient instructor, string? cohortId) =>
        (await Store.ListActionsAsync(cohortId, 100, Ct)).Select(a => a.Action).ToArray();

    [Fact]
    public async Task An_instructor_adds_another_whose_link_works_once_and_the_list_shows_both()
    {
        using var instructor = await Server.SignInInstructorAsync();
        var name = "co-teacher-" + Guid.NewGuid().ToString("N")[..6];

        var added = (await instructor.Client.PostAsync("/api/instructor/instructors", new { name })).Ok();
        var duplicate = await instructor.Client.PostAsync("/api/instructor/instructors", new { name });
        var empty = await instructor.Client.PostAsync("/api/instructor/instructors", new { name = "  " });
        using var foreign = await FromForeignOriginAsync(instructor, HttpMethod.Post, "/api/instructor/instructors", new { name = name + "-x" });
        var list = (await instructor.Client.GetAsync("/api/instructor/instructors")).Ok().AsArray();

        var link = new Uri(added["signInUrl"]!.GetValue<string>());
        Assert.StartsWith("/instructor/sign-in/", link.AbsolutePath);
        using var stranger = Server.NewLearner();
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync(link.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Contains("already exists", duplicate.Error);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("1 to 60 characters", empty.Error);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains(list, i => i!["name"]!.GetValue<string>() == name && !i["hasPassword"]!.GetValue<bool>());
        Assert.Contains(list, i => i!["name"]!.GetValue<string>() == instructor.Name && i["hasPassword"]!.GetValue<bool>());
        Assert.DoesNotContain((await Store.ListInstructorsAsync(Ct)), i => i.Name == name + "-x");
        Assert.Contains("add-instructor", await ActionsAsync(instructor, null));
    }

    [Fact]
    public async Task An_instructor_changes_their_password_only_with_the_current_one()
    {
        using var instructor = await Server.SignInInstructorAsync();

        var wrong = await instructor.Client.PostAsync("/api/instructor/me/password",
            new { currentPassword = "not it at all", newPassword = "a brand new secret", confirm = "a brand new secret" });
        var mismatch = await instructor.Client.PostAsync("/api/instructor/me/password",
            new { currentPassword = "correct horse battery", newPassword = "a brand new secret", confirm = "a brand new secreT" });
        var tooShort = await instructor.Client.PostAsync("/api/instructor/me/password",
            new { currentPassword = "correct horse battery", newPassword = "short", confirm = "short" });
        using var foreign = await FromForeignOriginAsync(instructor, HttpMethod.Post, "/api/instructor/me/password",
            new { currentPassword = "correct horse battery", newPassword = "stolen by evil", confirm = "stolen by evil" });
        Assert.NotNull(await Store.VerifyPasswordAsync(instructor.Name, "correct horse battery", Ct));

        var changed = await instructor.Client.PostAsync("/api/instructor/me/password",
            new { currentPassword = "correct horse battery", newPassword = "a brand new secret", confirm = "a brand new secret" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("current password is wrong", wrong.Error);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        Assert.Contains("differ", mismatch.Error);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.Status);
        Assert.Contains("10 to 512", tooShort.Error);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.Status);
        Assert.Null(await Store.VerifyPasswordAsync(instructor.Name, "correct horse battery", Ct));
        Assert.NotNull(await Store.VerifyPasswordAsync(instructor.Name, "a brand new secret", Ct));
        Assert.Contains("change-password", await ActionsAsync(instructor, null));
    }

    [Fact]
    public async Task Editing_a_cohort_changes_every_field_refuses_bad_input_and_is_recorded()
    {
        using var instructor = await Server.SignInInstructorAsync();
        var cohort = await Store.CreateCohortAsync();
        var url = $"/api/instructor/cohorts/{cohort.Id}";
        var starts = new DateTimeOffset(2030, 3, 2, 9, 0, 0, TimeSpan.Zero);

        var saved = (await instructor.Client.SendAsync(HttpMethod.Put, url, new
        {
            name = "Renamed class", opens = new[] { "docker", "getting-started/first-steps" }, startsAt = starts, endsAt = starts.AddDays(5),
            seatLimit = 12, sandboxQuota = 2, idleTimeoutMinutes = 20, lifetimeMinutes = 180,
        })).Ok();
        var zeroSeats = await instructor.Client.SendAsync(HttpMethod.Put, url, new { name = "x", seatLimit = 0 });
        var backwards = await instructor.Client.SendAsync(HttpMethod.Put, url, new { name = "x", seatLimit = 3, startsAt = starts, endsAt = starts.AddHours(-1) });
        var badLesson = await instructor.Client.SendAsync(HttpMethod.Put, url, new { name = "x", seatLimit = 3, opens = new[] { "<script>alert(1)</script>" } });
        var shortIdle = await instructor.Client.SendAsync(HttpMethod.Put, url, new { name = "x", seatLimit = 3, idleTimeoutMinutes = 0 });
        var unknown = await instructor.Client.SendAsync(HttpMethod.Put, "/api/instructor/cohorts/nope", new { name = "x", seatLimit = 3 });
        using var foreign = await FromForeignOriginAsync(instructor, HttpMethod.Put, url, new { name = "Hijacked", seatLimit = 3 });
        var rotated = (await instructor.Client.PostAsync($"{url}/join-code/rotate")).Ok();
        var closed = (await instructor.Client.PostAsync($"{url}/join-code/close")).Ok();

        Assert.Equal("Renamed class", saved["name"]!.GetValue<string>());
        Assert.Equal(["docker", "getting-started/first-steps"], Api.Strings(saved["opens"]));
        Assert.Equal(starts, saved["startsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(starts.AddDays(5), saved["endsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(12, saved["seatLimit"]!.GetValue<int>());
        Assert.Equal(2, saved["sandboxQuota"]!.GetValue<int>());
        Assert.Equal(20, saved["idleTimeoutMinutes"]!.GetValue<int>());
        Assert.Equal(180, saved["lifetimeMinutes"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, zeroSeats.Status);
        Assert.Contains("seat limit", zeroSeats.Error);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.Status);
        Assert.Contains("end after it starts", backwards.Error);
        Assert.Equal(HttpStatusCode.BadRequest, badLesson.Status);
        Assert.DoesNotContain("<script>", badLesson.Body);
        Assert.Equal(HttpStatusCode.BadRequest, shortIdle.Status);
        Assert.Contains("idle timeout", shortIdle.Error);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.NotEqual(cohort.JoinCode, rotated["joinCode"]!.GetValue<string>());
        Assert.Null(closed["joinCode"]);
        var stored = (await Store.GetCohortAsync(cohort.Id, Ct))!;
        Assert.Equal("Renamed class", stored.Name);
        Assert.Equal(TimeSpan.FromMinutes(20), stored.IdleTimeout);
        Assert.Null(stored.JoinCode);
        var actions = await ActionsAsync(instructor, cohort.Id);
        Assert.Equal(1, actions.Count(a => a == "update-cohort"));
        Assert.Contains("rotate-join-code", actions);
        Assert.Contains("close-join-code", actions);
    }

    [Fact]
    public async Task Renaming_and_removing_a_learner_ends_their_sessions_with_a_reason_they_see()
    {
        await docker.RequireShellAsync();
        using var instructor = await Server.SignInInstructorAsync();
        var cohort = await Store.CreateCohortAsync(opens: []);
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode, "Minji")).Ok();
        var workspace = await learner.StartWorkspaceAsync();
        await using var terminal = await TerminalSocket.AttachAsync(Server, learner, workspace);
        var url = $"/api/instructor/cohorts/{cohort.Id}/learners/{learner.LearnerId}";

        var renamed = await instructor.Client.SendAsync(HttpMethod.Put, url, new { displayName = "Minji Kim" });
        var blank = await instructor.Client.SendAsync(HttpMethod.Put, url, new { displayName = "" });
        using var foreignRemove = await FromForeignOriginAsync(instructor, HttpMethod.Delete, url);
        Assert.Equal("Minji Kim", (await Store.GetMemberAsync(learner.LearnerId!, Ct))!.DisplayName);
        Assert.NotNull(Server.Get<WorkspaceManager>().GetLive(workspace.Id));

        var removed = await instructor.Client.SendAsync(HttpMethod.Delete, url);
        await terminal.UntilAsync(s => s.Statuses.Any(x => x["state"]!.GetValue<string>() == "expired"), "the end of the removed learner's session");
        var again = await instructor.Client.SendAsync(HttpMethod.Delete, url);
        var gone = await learner.GetAsync($"/api/workspaces/{workspace.Id}");
        var create = await learner.CreateWorkspaceAsync();

        Assert.Equal(HttpStatusCode.NoContent, renamed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, blank.Status);
        Assert.Contains("display name", blank.Error);
        Assert.Equal(HttpStatusCode.Forbidden, foreignRemove.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal("removed", terminal.Statuses.Last(x => x["state"]!.GetValue<string>() == "expired")["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Contains("removed you from the cohort", gone.Body);
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Null(await Store.GetMemberAsync(learner.LearnerId!, Ct));
        var actions = await ActionsAsync(instructor, cohort.Id);
        Assert.Contains("rename-learner", actions);
        Assert.Contains("remove-learner", actions);
    }
}
