using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Playground.Cohorts;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Cohorts;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Cohort mode on a real server: every refusal (anonymous create, wrong or closed join code, outside the window,
/// quota, another learner's workspace, instructor-only API, antiforgery), and what a member may do.
/// </summary>
public sealed class CohortAccessTests(CohortServer fixture, DockerEngine docker) : IClassFixture<CohortServer>
{
    private PlaygroundServer Server => fixture.Server;
    private CohortStore Store => fixture.Store;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_learners_cannot_create_a_workspace_but_can_read_lessons()
    {
        using var stranger = Server.NewLearner();

        var refused = await stranger.CreateWorkspaceAsync();
        var lesson = await stranger.LessonAsync();
        var me = (await stranger.GetAsync("/api/me/cohort")).Ok();

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("join your cohort", refused.Error);
        Assert.Equal("join-required", refused.Json!["reason"]!.GetValue<string>());
        Assert.Equal("/join", refused.Json!["hint"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, lesson.Status);
        Assert.Equal("cohort", me["access"]!.GetValue<string>());
        Assert.Null(me["cohort"]);
        Assert.Empty(Server.Get<WorkspaceManager>().ListForLearner(stranger.LearnerId!));
    }

    [Fact]
    public async Task A_wrong_join_code_is_refused_and_joins_nobody()
    {
        var cohort = await Store.CreateCohortAsync();
        using var learner = Server.NewLearner();

        var wrong = await learner.JoinAsync("NOTACODE");
        var garbage = await learner.JoinAsync("<script>alert(1)</script>" + new string('x', 5000));

        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Contains("not valid", wrong.Error);
        Assert.Equal(HttpStatusCode.Forbidden, garbage.Status);
        Assert.DoesNotContain("<script>", garbage.Body);
        Assert.Empty(await Store.ListMembersAsync(cohort.Id, Ct));
    }

    [Fact]
    public async Task A_closed_or_rotated_code_is_refused_and_the_new_code_works()
    {
        var cohort = await Store.CreateCohortAsync();
        var rotated = await Store.RotateJoinCodeAsync(cohort.Id, Ct);
        using var late = Server.NewLearner();
        using var onTime = Server.NewLearner();

        Assert.Equal(HttpStatusCode.Forbidden, (await late.JoinAsync(cohort.JoinCode)).Status);
        (await onTime.JoinAsync(rotated.JoinCode, "On time")).Ok();
        await Store.CloseJoinCodeAsync(cohort.Id, Ct);
        var closed = await late.JoinAsync(rotated.JoinCode);

        Assert.Equal(HttpStatusCode.Forbidden, closed.Status);
        Assert.Contains("closed", closed.Error);
        Assert.Single(await Store.ListMembersAsync(cohort.Id, Ct));
    }

    [Fact]
    public async Task A_full_cohort_refuses_the_next_learner_with_409()
    {
        var cohort = await Store.CreateCohortAsync(seats: 1);
        using var first = Server.NewLearner();
        using var second = Server.NewLearner();
        (await first.JoinAsync(cohort.JoinCode)).Ok();

        var full = await second.JoinAsync(cohort.JoinCode);

        Assert.Equal(HttpStatusCode.Conflict, full.Status);
        Assert.Contains("full", full.Error);
    }

    [Fact]
    public async Task Before_its_start_a_member_reads_lessons_but_gets_403_saying_when_sandboxes_open()
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var cohort = await Store.CreateCohortAsync(start: start, end: start.AddHours(8));
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode)).Ok();

        var refused = await learner.CreateWorkspaceAsync();
        var me = (await learner.GetAsync("/api/me/cohort")).Ok();

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("not-started", refused.Json!["reason"]!.GetValue<string>());
        Assert.Contains($"starts at {start.UtcDateTime:yyyy-MM-dd HH:mm} UTC", refused.Error);
        Assert.Equal("not-started", me["cohort"]!["window"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await learner.LessonAsync()).Status);
    }

    [Fact]
    public async Task After_its_end_a_member_gets_403_and_new_learners_cannot_join()
    {
        var cohort = await Store.CreateCohortAsync();
        using var member = Server.NewLearner();
        using var late = Server.NewLearner();
        (await member.JoinAsync(cohort.JoinCode)).Ok();
        var now = DateTimeOffset.UtcNow;
        await Store.UpdateCohortAsync(cohort.Id, new CohortDraft(cohort.Name, cohort.Opens, now.AddDays(-2), now.AddDays(-1), cohort.SeatLimit), Ct);

        var refused = await member.CreateWorkspaceAsync();
        var join = await late.JoinAsync(cohort.JoinCode);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("ended", refused.Json!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, join.Status);
        Assert.Contains("ended", join.Error);
    }

    [Fact]
    public async Task A_lesson_outside_the_cohort_is_refused()
    {
        var cohort = await Store.CreateCohortAsync(opens: ["docker"]);
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode)).Ok();

        var refused = await learner.CreateWorkspaceAsync();

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("not-in-cohort", refused.Json!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_member_starts_a_sandbox_another_learner_cannot_touch_it_and_the_quota_holds()
    {
        await docker.RequireShellAsync();
        var cohort = await Store.CreateCohortAsync(quota: 1, opens: []);
        using var member = Server.NewLearner();
        using var other = Server.NewLearner();
        (await member.JoinAsync(cohort.JoinCode, "Member")).Ok();
        (await other.JoinAsync(cohort.JoinCode, "Other")).Ok();

        var workspace = await member.StartWorkspaceAsync();
        var second = await member.CreateWorkspaceAsync("docker", "first-container");
        var foreignReset = await other.PostAsync($"/api/workspaces/{workspace.Id}/reset");
        var foreignDelete = await other.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}");

        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal("quota", second.Json!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, foreignReset.Status);
        Assert.Equal(HttpStatusCode.Forbidden, foreignDelete.Status);
        Assert.NotNull(Server.Get<WorkspaceManager>().GetLive(workspace.Id));

        // The owner's reset: a new sandbox for the same lesson, the old one ended.
        var reset = (await member.PostAsync($"/api/workspaces/{workspace.Id}/reset")).Ok();
        var freshId = reset["id"]!.GetValue<string>();
        Assert.NotEqual(workspace.Id, freshId);
        Assert.Null(Server.Get<WorkspaceManager>().GetLive(workspace.Id));
        Assert.Equal($"{Api.Track}/{Api.Lesson}", reset["lesson"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await member.SendAsync(HttpMethod.Delete, $"/api/workspaces/{freshId}")).Status);
    }

    [Fact]
    public async Task A_resume_code_brings_the_same_learner_to_another_browser_and_a_wrong_one_is_refused()
    {
        var cohort = await Store.CreateCohortAsync();
        using var laptop = Server.NewLearner();
        using var phone = Server.NewLearner();
        var joined = (await laptop.JoinAsync(cohort.JoinCode, "Kim")).Ok();
        await phone.GetAsync("/api/me");

        var wrong = await phone.PostAsync("/api/resume", new { code = "AAAAAAAAAAAA" });
        var resumed = (await phone.PostAsync("/api/resume", new { code = joined["resumeCode"]!.GetValue<string>() })).Ok();

        Assert.Equal(HttpStatusCode.NotFound, wrong.Status);
        Assert.Equal("Kim", resumed["displayName"]!.GetValue<string>());
        Assert.Equal(laptop.LearnerId, phone.LearnerId);
        Assert.EndsWith($"/resume/{joined["resumeCode"]}", joined["resumeUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_member_asking_for_a_nonexistent_lesson_gets_404_not_a_cohort_refusal()
    {
        var cohort = await Store.CreateCohortAsync();
        using var member = Server.NewLearner();
        (await member.JoinAsync(cohort.JoinCode, "Park")).Ok();

        var reply = await member.CreateWorkspaceAsync("no-such-track", "nope");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Contains("No lesson", reply.Error);
        Assert.Empty(Server.Get<WorkspaceManager>().ListForLearner(member.LearnerId!));
    }

    [Fact]
    public async Task A_resume_link_on_a_new_browser_sets_one_cookie_for_the_resumed_learner()
    {
        var cohort = await Store.CreateCohortAsync();
        using var laptop = Server.NewLearner();
        var code = (await laptop.JoinAsync(cohort.JoinCode, "Lee")).Ok()["resumeCode"]!.GetValue<string>();

        // A browser that never visited: no pg_learner cookie, so the identity middleware mints one for this request.
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };
        using var link = await browser.GetAsync($"/resume/{code}", Ct);
        var cookies = link.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("pg_learner=", StringComparison.Ordinal)).ToList();
        var me = (await new LearnerClient(browser, jar, Server.BaseUri).GetAsync("/api/me/cohort")).Ok();

        using var api = Server.NewLearner();
        var resumed = (await api.PostAsync("/api/resume", new { code })).Ok();
        var apiMe = (await api.GetAsync("/api/me/cohort")).Ok();

        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal($"pg_learner={laptop.LearnerId}", Assert.Single(cookies).Split(';')[0]);
        Assert.Equal("Lee", me["displayName"]!.GetValue<string>());
        Assert.Equal(cohort.Name, me["cohort"]!["name"]!.GetValue<string>());
        Assert.Equal("Lee", resumed["displayName"]!.GetValue<string>());
        Assert.Equal(laptop.LearnerId, api.LearnerId);
        Assert.Equal("Lee", apiMe["displayName"]!.GetValue<string>());
        Assert.Equal(cohort.Name, apiMe["cohort"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_instructor_API_refuses_learners_and_requests_without_the_antiforgery_token()
    {
        using var learner = Server.NewLearner();
        using var instructor = await Server.SignInInstructorAsync();
        using var noToken = new HttpClient(new HttpClientHandler { CookieContainer = instructor.Client.Cookies }) { BaseAddress = Server.BaseUri };
        noToken.DefaultRequestHeaders.Add("Origin", Server.Origin);

        var anonymous = await learner.PostAsync("/api/instructor/cohorts", new { name = "x", seatLimit = 3 });
        var page = await learner.Http.GetAsync("/instructor", Ct);
        var forged = await noToken.PostAsJsonAsync("/api/instructor/cohorts", new { name = "forged", seatLimit = 3 }, Ct);
        var created = await instructor.Client.PostAsync("/api/instructor/cohorts", new { name = "Real class", seatLimit = 3, opens = new[] { Api.Track } });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("/instructor/sign-in", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(Ct));
        var cohort = created.Ok(HttpStatusCode.Created);
        Assert.Equal(8, cohort["joinCode"]!.GetValue<string>().Length);
        Assert.DoesNotContain(await Store.ListCohortsAsync(Ct), c => c.Name == "forged");
        var actions = (await instructor.Client.GetAsync($"/api/instructor/cohorts/{cohort["id"]}/actions")).Ok().AsArray();
        Assert.Contains(actions, a => a!["action"]!.GetValue<string>() == "create-cohort" && a["instructor"]!.GetValue<string>() == instructor.Name);
    }

    [Fact]
    public async Task A_sign_in_link_works_once_and_a_wrong_password_signs_nobody_in()
    {
        using var instructor = await Server.SignInInstructorAsync();
        using var other = Server.NewLearner();

        var reused = await other.Http.GetAsync($"/instructor/sign-in/{instructor.UsedToken}", Ct);
        var signInPage = await other.Http.GetStringAsync("/instructor/sign-in", Ct);
        var wrong = await other.Http.PostAsync("/instructor/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Infrastructure.Cohorts.FormToken(signInPage), ["name"] = instructor.Name, ["password"] = "not the password",
        }), Ct);
        var noForm = await other.Http.PostAsync("/instructor/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = instructor.Name, ["password"] = "correct horse battery",
        }), Ct);
        var right = await other.Http.PostAsync("/instructor/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Infrastructure.Cohorts.FormToken(signInPage), ["name"] = instructor.Name, ["password"] = "correct horse battery",
        }), Ct);

        Assert.Equal(HttpStatusCode.NotFound, reused.StatusCode);
        Assert.Contains("error=1", wrong.RequestMessage!.RequestUri!.Query);
        Assert.Equal(HttpStatusCode.BadRequest, noForm.StatusCode);
        Assert.Equal("/instructor", right.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Instructor_actions_on_a_learner_outside_the_cohort_are_refused()
    {
        var mine = await Store.CreateCohortAsync();
        var theirs = await Store.CreateCohortAsync();
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(theirs.JoinCode)).Ok();
        using var instructor = await Server.SignInInstructorAsync();

        var refused = await instructor.Client.PostAsync($"/api/instructor/cohorts/{mine.Id}/learners/{learner.LearnerId}/end");
        var unknown = await instructor.Client.PostAsync($"/api/instructor/cohorts/{mine.Id}/learners/{learner.LearnerId}/format-disk");

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task The_dashboard_and_csv_show_a_members_failed_check_and_the_csv_is_formula_safe()
    {
        var cohort = await Store.CreateCohortAsync();
        using var learner = Server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode, "=HYPERLINK(\"x\")")).Ok();
        var progress = Server.Get<Playground.Progress.IProgressStore>();
        for (var i = 0; i < 3; i++) await progress.RecordCheckAsync(learner.LearnerId!, $"{Api.Track}/{Api.Lesson}", 1, passed: false, Ct);
        using var instructor = await Server.SignInInstructorAsync();

        var grid = (await instructor.Client.GetAsync($"/api/instructor/cohorts/{cohort.Id}/dashboard")).Ok();
        var csv = await instructor.Client.Http.GetStringAsync($"/api/instructor/cohorts/{cohort.Id}/progress.csv", Ct);

        var student = grid["students"]!.AsArray().Single()!;
        Assert.Equal(3, student["failedChecks"]!.GetValue<int>());
        Assert.Equal("failed-checks", student["stuck"]!.GetValue<string>());
        Assert.Equal(1, student["step"]!.GetValue<int>());
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", csv);
        Assert.Contains($"{Api.Track}/{Api.Lesson},1,,3,3,0,", csv);
    }

    [Fact]
    public void Access_defaults_to_open_only_on_loopback()
    {
        static AccessMode Mode(string urls, string? access = null) => AccessPolicy.From(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Playground:Urls"] = urls, ["Playground:Access"] = access }).Build(),
            "http://127.0.0.1:5080").Mode;

        Assert.Equal(AccessMode.Open, Mode("http://127.0.0.1:5080"));
        Assert.Equal(AccessMode.Open, Mode("http://localhost:5080;http://[::1]:5080"));
        Assert.Equal(AccessMode.Cohort, Mode("http://0.0.0.0:5080"));
        Assert.Equal(AccessMode.Cohort, Mode("http://*:80"));
        Assert.Equal(AccessMode.Cohort, Mode("http://127.0.0.1:5080;http://192.168.1.10:5080"));
        Assert.Equal(AccessMode.Open, Mode("http://0.0.0.0:5080", "open"));
        Assert.Equal(AccessMode.Cohort, Mode("http://127.0.0.1:5080", "cohort"));
        Assert.Throws<InvalidOperationException>(() => Mode("http://127.0.0.1:5080", "everyone"));
    }
}
