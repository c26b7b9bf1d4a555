using System.Net;
using System.Text.Json.Nodes;
using Playground.Cohorts;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;
using Playground.Sandboxes.Workspaces;
using Playground.Testing.Sandboxes;
using Playground.Testing.Web;
using Playground.Web.Capacity;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Capacity through the real pipeline on the in-process stand-in backend (the engine adds nothing to queue order,
/// reservations or clocks): the admission queue, reserved seats, cohort pre-warm and per-cohort clocks. Each test runs
/// a server of its own with the caps it needs.
/// </summary>
public sealed class QueueTests : IAsyncLifetime
{
    private readonly LocalProcessSandboxBackend _backend = new();
    private readonly List<PlaygroundServer> _servers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<PlaygroundServer> StartAsync(Dictionary<string, string> settings)
    {
        var server = await PlaygroundServer.StartAsync(settings, Ct, _backend);
        _servers.Add(server);
        return server;
    }

    private static async Task<JsonNode> QueuedAsync(LearnerClient learner, int position)
    {
        var reply = await learner.CreateWorkspaceAsync();
        var ticket = reply.Ok(HttpStatusCode.Accepted);
        Assert.True(ticket["queued"]!.GetValue<bool>());
        Assert.Equal("waiting", ticket["state"]!.GetValue<string>());
        Assert.Equal(position, ticket["position"]!.GetValue<int>());
        Assert.Equal($"/api/queue/{ticket["ticket"]}", reply.Response.Headers.Location!.OriginalString);
        return ticket;
    }

    /// <summary>Long-polls the ticket until <paramref name="done"/> holds (each poll answers on a change or after the poll timeout).</summary>
    private static async Task<JsonNode> PollUntilAsync(LearnerClient learner, JsonNode ticket, Func<JsonNode, bool> done)
    {
        var current = ticket;
        for (var i = 0; i < 100; i++)
        {
            if (done(current)) return current;
            current = (await learner.GetAsync($"/api/queue/{ticket["ticket"]}?version={current["version"]}")).Ok();
        }
        throw new TimeoutException($"ticket never reached the expected state: {current.ToJsonString()}");
    }

    private static int QueuedGauge(string metrics) =>
        System.Text.RegularExpressions.Regex.Match(metrics, @"^playground_sandboxes_queued(\{[^}]*\})? (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline) is { Success: true } m
            ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("no playground_sandboxes_queued in /metrics");

    [Fact]
    public async Task A_full_server_queues_learners_in_order_and_a_freed_seat_admits_the_head()
    {
        var server = await StartAsync(new() { ["Playground:Sandboxes:MaxSandboxes"] = "1" });
        using var first = server.NewLearner();
        using var second = server.NewLearner();
        using var third = server.NewLearner();
        var running = await first.StartWorkspaceAsync();

        var secondTicket = await QueuedAsync(second, 1);
        var thirdTicket = await QueuedAsync(third, 2);
        // No session has ended on this server yet: the estimate is honestly unknown (null), not a guess.
        Assert.Null(secondTicket["etaSeconds"]);
        Assert.True(secondTicket.AsObject().ContainsKey("etaSeconds"));
        // Asking again (a reload) keeps the place instead of going to the back.
        Assert.Equal(secondTicket["ticket"]!.GetValue<string>(), (await QueuedAsync(second, 1))["ticket"]!.GetValue<string>());
        Assert.Equal(2, QueuedGauge(await first.Http.GetStringAsync("/metrics", Ct)));
        // The first learner's own create still answers with its live workspace, not a ticket.
        Assert.Equal(running.Id, (await first.CreateWorkspaceAsync()).Ok()["id"]!.GetValue<string>());

        // A long-poll is waiting when the seat frees: it answers with the started workspace.
        var poll = second.GetAsync($"/api/queue/{secondTicket["ticket"]}?version={secondTicket["version"]}");
        Assert.Equal(HttpStatusCode.NoContent, (await first.SendAsync(HttpMethod.Delete, $"/api/workspaces/{running.Id}")).Status);
        var admitted = await PollUntilAsync(second, (await poll).Ok(), t => t["state"]!.GetValue<string>() == "admitted");
        var workspace = admitted["workspace"]!;
        Assert.Equal($"{Api.Track}/{Api.Lesson}", workspace["lesson"]!.GetValue<string>());
        Assert.Equal("ready", workspace["state"]!.GetValue<string>());
        Assert.Contains(server.Get<WorkspaceManager>().ListForLearner(second.LearnerId!), w => w.Id == workspace["id"]!.GetValue<string>());

        // The third learner moved up to the head of the line.
        var third1 = (await third.GetAsync($"/api/queue/{thirdTicket["ticket"]}")).Ok();
        Assert.Equal(1, third1["position"]!.GetValue<int>());
        Assert.Equal(1, QueuedGauge(await first.Http.GetStringAsync("/metrics", Ct)));
        // Someone else's ticket is not found: tickets belong to their learner.
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"/api/queue/{thirdTicket["ticket"]}")).Status);
    }

    [Fact]
    public async Task A_learner_who_stops_renewing_or_leaves_drops_out_and_those_behind_move_up()
    {
        var server = await StartAsync(new()
        {
            ["Playground:Sandboxes:MaxSandboxes"] = "1",
            ["Playground:Sandboxes:QueueTicketTimeout"] = "00:00:02",
            ["Playground:Sandboxes:QueuePollTimeout"] = "00:00:01",
        });
        using var holder = server.NewLearner();
        using var gone = server.NewLearner();
        using var leaver = server.NewLearner();
        using var stayer = server.NewLearner();
        await holder.StartWorkspaceAsync();
        await QueuedAsync(gone, 1);
        var leaving = await QueuedAsync(leaver, 2);
        var staying = await QueuedAsync(stayer, 3);

        // One leaves explicitly (the page's pagehide DELETE).
        Assert.Equal(HttpStatusCode.NoContent, (await leaver.SendAsync(HttpMethod.Delete, $"/api/queue/{leaving["ticket"]}")).Status);
        Assert.Equal(2, (await stayer.GetAsync($"/api/queue/{staying["ticket"]}")).Ok()["position"]!.GetValue<int>());
        // The other closed their page: they stop polling, while the stayer keeps long-polling and moves up.
        var now = await PollUntilAsync(stayer, staying, t => t["position"]!.GetValue<int>() == 1);
        Assert.Equal(1, now["waiting"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await leaver.GetAsync($"/api/queue/{leaving["ticket"]}")).Status);
    }

    [Fact]
    public async Task Only_the_tickets_learner_may_read_or_leave_it_and_unknown_tickets_are_404()
    {
        var server = await StartAsync(new() { ["Playground:Sandboxes:MaxSandboxes"] = "1" });
        using var holder = server.NewLearner();
        using var waiter = server.NewLearner();
        using var stranger = server.NewLearner();
        await holder.StartWorkspaceAsync();
        var ticket = await QueuedAsync(waiter, 1);

        // No cookie, unknown ticket: a clear 404, not a 200 "left".
        var unknown = await stranger.GetAsync("/api/queue/zzzz");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("No queue ticket", unknown.Body, StringComparison.Ordinal);
        // Another learner can neither read nor remove the ticket.
        Assert.Equal(HttpStatusCode.NotFound, (await holder.GetAsync($"/api/queue/{ticket["ticket"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await holder.SendAsync(HttpMethod.Delete, $"/api/queue/{ticket["ticket"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Delete, $"/api/queue/{ticket["ticket"]}")).Status);
        // The ticket survived, still first in line.
        Assert.Equal(1, (await waiter.GetAsync($"/api/queue/{ticket["ticket"]}")).Ok()["position"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, (await waiter.SendAsync(HttpMethod.Delete, $"/api/queue/{ticket["ticket"]}")).Status);
    }

    [Fact]
    public async Task Reset_on_a_full_server_keeps_the_learners_seat_while_others_wait()
    {
        var server = await StartAsync(new()
        {
            ["Playground:Sandboxes:MaxSandboxes"] = "1",
            ["Playground:Sandboxes:QueuePollTimeout"] = "00:00:01",
        });
        using var holder = server.NewLearner();
        using var waiter = server.NewLearner();
        var running = await holder.StartWorkspaceAsync();
        var ticket = await QueuedAsync(waiter, 1);

        var reset = await holder.PostAsync($"/api/workspaces/{running.Id}/reset");
        var fresh = reset.Ok()["id"]!.GetValue<string>();
        Assert.NotEqual(running.Id, fresh);
        Assert.Equal(HttpStatusCode.Gone, (await holder.GetAsync($"/api/workspaces/{running.Id}")).Status);
        Assert.Equal("ready", (await holder.GetAsync($"/api/workspaces/{fresh}")).Ok()["state"]!.GetValue<string>());
        Assert.Equal([fresh], server.Get<WorkspaceManager>().Live.Select(w => w.Id));

        // Admission passes run on every session end and every second: two poll timeouts later the waiter still waits.
        var current = ticket;
        for (var i = 0; i < 2; i++)
        {
            current = (await waiter.GetAsync($"/api/queue/{ticket["ticket"]}?version={current["version"]}")).Ok();
            Assert.Equal("waiting", current["state"]!.GetValue<string>());
            Assert.Equal(1, current["position"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task The_capacity_refusal_reads_in_the_singular_for_one_sandbox()
    {
        var server = await StartAsync(new() { ["Playground:Sandboxes:MaxSandboxes"] = "1" });
        using var holder = server.NewLearner();
        await holder.StartWorkspaceAsync();
        var spec = server.Get<Playground.Sandboxes.Environments.EnvironmentCatalog>().Find("shell")!;
        var refused = Assert.Throws<CapacityExceededException>(() => server.Get<WorkspaceAdmission>().Reserve("someone-else", spec));
        Assert.Contains("(1 sandbox is running)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_warm_pool_counts_against_the_sandbox_cap_and_gives_way_to_a_learner()
    {
        var server = await StartAsync(new()
        {
            ["Playground:Sandboxes:MaxSandboxes"] = "1",
            ["Playground:Sandboxes:PoolEnabled"] = "true",
            ["Playground:Sandboxes:Pool:shell"] = "0",
            ["Playground:Sandboxes:Pool:k8s"] = "0",
            ["Playground:Sandboxes:Pool:docker"] = "2",
        });
        // The background fill stops at the cap: one pooled docker sandbox, not two.
        var pool = server.Get<WarmPool>();
        for (var i = 0; i < 200 && pool.TotalCount == 0; i++) await Task.Delay(50, Ct);
        await pool.FillAsync(Ct);
        Assert.Equal(1, pool.Count("docker"));
        Assert.Equal(1, pool.TotalCount);

        // A shell learner needs the seat the pooled docker sandbox holds: it gives way.
        using var learner = server.NewLearner();
        (await learner.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);
        Assert.Equal(0, pool.TotalCount);
        // Refilling stops at the cap while the learner holds the seat.
        await pool.FillAsync(Ct);
        Assert.Equal(0, pool.TotalCount);
        Assert.Equal(1, server.Get<WorkspaceManager>().LiveSandboxCount);
    }

    [Fact]
    public async Task The_wait_estimate_comes_from_recent_session_ends()
    {
        var server = await StartAsync(new() { ["Playground:Sandboxes:MaxSandboxes"] = "1" });
        using var learner = server.NewLearner();
        // Three sessions end: the mean interval between ends is known from now on.
        for (var i = 0; i < 3; i++)
        {
            var w = await learner.StartWorkspaceAsync();
            Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{w.Id}")).Status);
        }
        await learner.StartWorkspaceAsync();
        using var waiting = server.NewLearner();
        using var behind = server.NewLearner();

        var head = await QueuedAsync(waiting, 1);
        var second = await QueuedAsync(behind, 2);

        var interval = server.Get<Playground.Sandboxes.Queue.SessionEndRate>().MeanInterval!.Value;
        Assert.Equal((int)Math.Ceiling(Math.Max(1, interval.TotalSeconds)), head["etaSeconds"]!.GetValue<int>());
        Assert.Equal((int)Math.Ceiling(Math.Max(1, interval.TotalSeconds) * 2), second["etaSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_per_learner_cap_stays_a_refusal_not_a_place_in_line()
    {
        using var lessons = new TestLessons();
        var server = await StartAsync(new()
        {
            ["Playground:Sandboxes:MaxSandboxesPerLearner"] = "1",
            ["Playground:Lessons:Root"] = lessons.Root,
        });
        using var learner = server.NewLearner();
        await learner.StartWorkspaceAsync(TestLessons.Track, TestLessons.Untranslated);

        var refused = await learner.CreateWorkspaceAsync(TestLessons.Track, TestLessons.SecondShell);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("limit is 1", refused.Error);
        Assert.Equal(0, server.Get<Playground.Sandboxes.Queue.AdmissionQueue>().WaitingCount);
    }

    [Fact]
    public async Task A_cohorts_reserved_seats_admit_its_learners_while_open_learners_wait()
    {
        var server = await StartAsync(new() { ["Playground:Sandboxes:MaxSandboxes"] = "2" });
        var store = server.Get<CohortStore>();
        var cohort = await store.CreateCohortAsync(new CohortDraft("Reserved class", [Api.Track], null, null, 10) { ReservedSeats = 1 }, "test", Ct);
        Assert.Equal(1, (await store.GetCohortAsync(cohort.Id, Ct))!.ReservedSeats);
        await server.Get<CohortReservations>().RefreshAsync(Ct);
        using var open1 = server.NewLearner();
        using var open2 = server.NewLearner();
        using var member = server.NewLearner();
        (await member.JoinAsync(cohort.JoinCode, "Member")).Ok();

        await open1.StartWorkspaceAsync();
        // One seat is free, but it is the cohort's: the open learner waits.
        var waiting = await QueuedAsync(open2, 1);

        // The cohort's learner is admitted at once, past the open learner who cannot use that seat.
        var created = await member.CreateWorkspaceAsync();
        var workspace = created.Ok(HttpStatusCode.Created);
        var live = server.Get<WorkspaceManager>().GetLive(workspace["id"]!.GetValue<string>())!;
        Assert.Equal(WorkspaceTerms.CohortGroup(cohort.Id), live.AdmissionGroup);
        Assert.Equal("waiting", (await open2.GetAsync("/api/queue/" + waiting["ticket"])).Ok()["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Instructors_reserved_seats_admit_an_instructor_on_a_full_server()
    {
        var server = await StartAsync(new()
        {
            ["Playground:Sandboxes:MaxSandboxes"] = "2",
            ["Playground:Sandboxes:ReservedInstructorSeats"] = "1",
        });
        using var open1 = server.NewLearner();
        using var open2 = server.NewLearner();
        using var instructor = await server.SignInInstructorAsync();

        await open1.StartWorkspaceAsync();
        await QueuedAsync(open2, 1);
        var created = (await instructor.Client.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);

        Assert.Equal(WorkspaceTerms.Instructors, server.Get<WorkspaceManager>().GetLive(created["id"]!.GetValue<string>())!.AdmissionGroup);
    }

    [Fact]
    public async Task Pre_warm_fills_the_pool_for_the_cohort_bounded_by_admission_and_is_recorded()
    {
        var server = await StartAsync(new() { ["Playground:Sandboxes:MaxSandboxes"] = "3" });
        var store = server.Get<CohortStore>();
        var pool = server.Get<WarmPool>();
        using var instructor = await server.SignInInstructorAsync();
        var cohort = (await instructor.Client.PostAsync("/api/instructor/cohorts",
            new { name = "Warm class", seatLimit = 20, opens = new[] { Api.Track }, reservedSeats = 2 })).Ok(HttpStatusCode.Created);
        var id = cohort["id"]!.GetValue<string>();
        Assert.Equal(2, cohort["reservedSeats"]!.GetValue<int>());

        var first = (await instructor.Client.PostAsync($"/api/instructor/cohorts/{id}/prewarm", new { count = 2 })).Ok();
        var shell = first["environments"]!.AsArray().Single()!;
        Assert.Equal("shell", shell["environment"]!.GetValue<string>());
        Assert.Equal(2, shell["started"]!.GetValue<int>());
        Assert.Equal(2, pool.Count("shell"));

        // Asking for far more than fits stops at the cap (3 sandboxes; 2 already pooled).
        var capped = (await instructor.Client.PostAsync($"/api/instructor/cohorts/{id}/prewarm", new { count = 10 })).Ok();
        var cappedShell = capped["environments"]!.AsArray().Single()!;
        Assert.Equal(1, cappedShell["started"]!.GetValue<int>());
        Assert.Contains("admission", cappedShell["stoppedBy"]!.GetValue<string>());
        Assert.Equal(3, pool.Count("shell"));

        // A learner of the class takes a pre-warmed sandbox.
        using var member = server.NewLearner();
        (await member.JoinAsync(cohort["joinCode"]!.GetValue<string>(), "Member")).Ok();
        (await member.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);
        Assert.Equal(2, pool.Count("shell"));

        var actions = (await instructor.Client.GetAsync($"/api/instructor/cohorts/{id}/actions")).Ok().AsArray();
        Assert.Equal(2, actions.Count(a => a!["action"]!.GetValue<string>() == "prewarm" && a["instructor"]!.GetValue<string>() == instructor.Name));
        Assert.Contains(actions, a => a!["detail"]!.GetValue<string>().Contains("shell: started 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cohort_is_pre_warmed_automatically_shortly_before_it_starts()
    {
        var server = await StartAsync(new() { ["Playground:Capacity:PrewarmLead"] = "00:10:00" });
        var store = server.Get<CohortStore>();
        var soon = await store.CreateCohortAsync(new CohortDraft("Starts soon", [Api.Track], DateTimeOffset.UtcNow.AddMinutes(5), null, 2), "test", Ct);
        var later = await store.CreateCohortAsync(new CohortDraft("Starts tomorrow", [Api.Track], DateTimeOffset.UtcNow.AddDays(1), null, 2), "test", Ct);
        var scheduler = server.Get<CohortPrewarmScheduler>();

        await scheduler.RunOnceAsync(Ct);
        await scheduler.RunOnceAsync(Ct);

        Assert.True(server.Get<WarmPool>().Count("shell") >= 2);
        var soonActions = await store.ListActionsAsync(soon.Id, ct: Ct);
        Assert.Single(soonActions, a => a.Action == "prewarm-auto");
        Assert.Empty(await store.ListActionsAsync(later.Id, ct: Ct));
    }

    [Fact]
    public async Task Pre_warmed_sandboxes_nobody_takes_are_removed_after_the_timeout_or_when_the_cohorts_window_closes()
    {
        var time = new SettableClock(DateTimeOffset.UtcNow);
        var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Sandboxes:PrewarmTimeout"] = "00:30:00" }, Ct, _backend, time);
        _servers.Add(server);
        var store = server.Get<CohortStore>();
        var pool = server.Get<WarmPool>();
        var prewarm = server.Get<CohortPrewarm>();
        var start = time.GetUtcNow();
        // A class that starts in 5 minutes (no end): its pre-warm waits until 30 minutes after the start.
        var morning = await store.CreateCohortAsync(new CohortDraft("Morning", [Api.Track], start.AddMinutes(5), null, 2), "test", Ct);
        // A class under way whose window closes in 10 minutes: the close comes first.
        var closing = await store.CreateCohortAsync(new CohortDraft("Closing", [Api.Track], start.AddHours(-1), start.AddMinutes(10), 3), "test", Ct);

        var first = (await prewarm.PrewarmAsync(morning, 2, Ct)).Single();
        Assert.Equal((2, start.AddMinutes(35)), (first.Started, first.ExpiresAt));
        var second = (await prewarm.PrewarmAsync(closing, 3, Ct)).Single();
        Assert.Equal((1, start.AddMinutes(10)), (second.Started, second.ExpiresAt));
        Assert.Contains("untaken ones removed at", second.ToString());
        Assert.Equal(3, pool.Count("shell"));
        Assert.Equal(3, _backend.Count);

        // Nothing has expired yet.
        time.Set(start.AddMinutes(9));
        await pool.ExpireAsync(Ct);
        Assert.Equal(3, pool.Count("shell"));

        // The closing class's window ends: the sandbox it pre-warmed is removed from the pool and the backend.
        time.Set(start.AddMinutes(11));
        await pool.ExpireAsync(Ct);
        Assert.Equal(2, pool.Count("shell"));
        Assert.Equal(2, _backend.Count);

        // A learner of the morning class takes one of its pre-warmed sandboxes: theirs stays whatever the clock says.
        using var member = server.NewLearner();
        (await member.JoinAsync(morning.JoinCode, "Member")).Ok();
        var workspace = (await member.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created)["id"]!.GetValue<string>();
        Assert.Equal(1, pool.Count("shell"));

        time.Set(start.AddMinutes(34));
        await pool.ExpireAsync(Ct);
        Assert.Equal(1, pool.Count("shell"));

        // 30 minutes after the morning class's start the untaken one goes too; the learner's sandbox stays.
        time.Set(start.AddMinutes(36));
        await pool.ExpireAsync(Ct);
        Assert.Equal(0, pool.Count("shell"));
        Assert.Equal(1, _backend.Count);
        Assert.NotNull(server.Get<WorkspaceManager>().GetLive(workspace));
    }

    [Fact]
    public async Task Expiry_never_cuts_into_the_configured_pool()
    {
        var time = new SettableClock(DateTimeOffset.UtcNow);
        var server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Sandboxes:PoolEnabled"] = "true",
            ["Playground:Sandboxes:Pool:shell"] = "1",
            ["Playground:Sandboxes:Pool:docker"] = "0",
            ["Playground:Sandboxes:Pool:k8s"] = "0",
            ["Playground:Sandboxes:PrewarmTimeout"] = "00:30:00",
        }, Ct, _backend, time);
        _servers.Add(server);
        var pool = server.Get<WarmPool>();
        // The pool's own background fill starts its one sandbox.
        for (var i = 0; i < 200 && pool.Count("shell") < 1; i++) await Task.Delay(50, Ct);
        Assert.Equal(1, pool.Count("shell"));
        var cohort = await server.Get<CohortStore>().CreateCohortAsync(new CohortDraft("Class", [Api.Track], null, null, 3), "test", Ct);
        await server.Get<CohortPrewarm>().PrewarmAsync(cohort, 3, Ct);
        Assert.Equal(3, pool.Count("shell"));

        var running = _backend.Count;

        time.Set(time.GetUtcNow().AddHours(1));
        await pool.ExpireAsync(Ct);
        // The two extras go; the pool's own one stays (its size is 1).
        Assert.Equal(1, pool.Count("shell"));
        Assert.Equal(running - 2, _backend.Count);
        Assert.Equal(1, running - 2);
    }

    [Fact]
    public async Task A_cohorts_clocks_apply_to_its_learners_workspaces_and_are_stored_with_them()
    {
        var server = await StartAsync(new());
        var store = server.Get<CohortStore>();
        var cohort = await store.CreateCohortAsync(
            new CohortDraft("Short class", [Api.Track], null, null, 10, IdleTimeout: TimeSpan.FromMinutes(2), Lifetime: TimeSpan.FromMinutes(20)), "test", Ct);
        using var member = server.NewLearner();
        using var outsider = server.NewLearner();
        (await member.JoinAsync(cohort.JoinCode, "Member")).Ok();

        var mine = (await member.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);
        var theirs = (await outsider.CreateWorkspaceAsync()).Ok(HttpStatusCode.Created);

        Assert.Equal(120, mine["idleTimeoutSeconds"]!.GetValue<int>());
        Assert.Equal(TimeSpan.FromMinutes(20), mine["expiresAt"]!.GetValue<DateTimeOffset>() - mine["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1800, theirs["idleTimeoutSeconds"]!.GetValue<int>());
        // "My sessions" reads the same clocks.
        var sessions = (await member.GetAsync("/api/workspaces")).Ok().AsArray();
        Assert.Equal(mine["idleExpiresAt"]!.GetValue<DateTimeOffset>(), sessions.Single()!["idleExpiresAt"]!.GetValue<DateTimeOffset>());
        // Stored with the workspace: what restart recovery reads back.
        var stored = (await server.Get<IWorkspaceStore>().LoadLiveAsync(Ct)).Single(w => w.Id == mine["id"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromMinutes(2), stored.IdleTimeout);
        Assert.Equal(WorkspaceTerms.CohortGroup(cohort.Id), stored.AdmissionGroup);

        // Both idle for three minutes: the sweep ends the cohort's workspace (2 min clock), not the other (30 min default).
        var registry = server.Get<WorkspaceRegistry>();
        foreach (var id in new[] { mine["id"]!.GetValue<string>(), theirs["id"]!.GetValue<string>() })
        {
            var live = registry.Get(id)!;
            Assert.True(registry.TryUpdate(live, live with { LastActivity = DateTimeOffset.UtcNow.AddMinutes(-3) }));
        }
        await server.Get<WorkspaceManager>().SweepAsync(Ct);
        var ended = await member.GetAsync($"/api/workspaces/{mine["id"]}");
        Assert.Equal(HttpStatusCode.Gone, ended.Status);
        Assert.Equal("idle", ended.Json!["reason"]!.GetValue<string>());
        (await outsider.GetAsync($"/api/workspaces/{theirs["id"]}")).Ok();
    }
}

/// <summary>A clock a test sets (timers still run on real time; only "now" moves).</summary>
internal sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
}
