using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Playground.Cohorts;
using Playground.Progress;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Capacity;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Issue 12's class-sized figures (<c>--only cohort</c>), each through the real web pipeline:
/// 50 learners of one cohort start a lesson at the same moment (time from POST /api/workspaces, through the queue when
/// full, to the first prompt on the terminal WebSocket) cold and after the cohort's pre-warm; the server's RSS with
/// 200 idle sessions (real sandboxes, each with an attached terminal); and the instructor dashboard's update latency
/// with 200 students (a progress write to the SSE grid message arriving at a dashboard client).
/// </summary>
internal sealed partial class CohortBenchmark(BenchContext context)
{
    private const string Track = "getting-started";
    private const string Lesson = "first-steps";
    private const int Learners = 50;
    private const double WaitTargetMs = 10_000;
    private const double RssTargetMb = 300;
    private const double DashboardTargetMs = 1_000;
    private static readonly TimeSpan QueueDeadline = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(120);

    private sealed record StartRow(string Name, string Memory, int Admitted, int Queued, int Failed, Stats? Prompt, string PrewarmNote, bool? Met);

    public async Task RunAsync(CancellationToken ct)
    {
        // Memory first, while this process has run nothing else yet.
        var sessions = context.Arguments.Quick ? 50 : 200;
        var (baseRss, sessionsRss, rssNote) = await IdleSessionsAsync(sessions, ct);
        var rows = new List<StartRow>
        {
            await StartRowAsync("cold", prewarm: false, memory: null, ct),
            await StartRowAsync("pre-warmed", prewarm: true, memory: null, ct),
            await StartRowAsync("pre-warmed", prewarm: true, memory: "256m", ct),
        };
        PrintStarts(rows);
        var dashboard = await DashboardAsync(sessions, ct);
        PrintRest(sessions, baseRss, sessionsRss, rssNote, dashboard);
    }

    // ---- 50 learners at once --------------------------------------------------------------------------------------

    private async Task<StartRow> StartRowAsync(string name, bool prewarm, string? memory, CancellationToken ct)
    {
        var settings = new Dictionary<string, string?> { ["Playground:Capacity:PrewarmLead"] = "00:00:00" };
        if (memory is not null) settings["Playground:Sandboxes:ImagesRoot"] = ShellWithMemory(memory);
        await using var web = await BenchWebApp.StartAsync(context, ct, settings: settings);
        var services = web.Services;
        var environments = services.GetRequiredService<EnvironmentCatalog>();
        var spec = environments.Find("shell");
        if (spec is null || !(await environments.GetAvailabilityAsync("shell", ct)).Available)
            return new StartRow(name, memory ?? "-", 0, 0, 0, null, "skipped: the shell environment is not available", null);
        var declared = Format.Bytes(spec.Limits.MemoryBytes);
        var store = services.GetRequiredService<CohortStore>();
        var cohort = await store.CreateCohortAsync(new CohortDraft("Bench class", [Track], null, null, 200), "bench", ct);
        var learners = new List<string>();
        for (var i = 0; i < Learners; i++)
        {
            var id = LearnerIds.New();
            await store.JoinAsync(cohort.JoinCode, id, $"Learner {i + 1}", ct);
            learners.Add(id);
        }
        // A server that has served before (JIT, connection pools): one learner outside the class starts and ends a
        // session first, so the burst measures admission and sandboxes, not the first request's warm-up.
        var warmup = await StartOneAsync(web, LearnerIds.New(), ct);
        var manager = services.GetRequiredService<WorkspaceManager>();
        foreach (var w in manager.Live.ToList()) await manager.EndAsync(w.Id, TerminationReason.Destroyed, ct);
        var note = warmup.Error is null ? "" : $"warm-up failed: {warmup.Error}";
        if (prewarm)
        {
            var clock = Stopwatch.StartNew();
            var outcomes = await services.GetRequiredService<CohortPrewarm>().PrewarmAsync(cohort, Learners, ct);
            note += $"{string.Join("; ", outcomes)} in {Format.Ms(clock.Elapsed.TotalMilliseconds)}";
        }
        var load = HostLoad.Read();
        var results = await Task.WhenAll(learners.Select(id => Task.Run(() => StartOneAsync(web, id, ct), ct)));
        await Parallel.ForEachAsync(manager.Live.Select(w => w.Id).ToList(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (id, token) => await manager.EndAsync(id, TerminationReason.Destroyed, token));
        var prompts = results.Where(r => r.PromptMs is not null).Select(r => r.PromptMs!.Value).ToList();
        var stats = prompts.Count > 0 ? Stats.Of(prompts) : null;
        var queued = results.Count(r => r.Outcome == "queued");
        var failed = results.Count(r => r.Outcome == "failed");
        var budget = services.GetRequiredService<ResourceAdmission>();
        note = $"{declared} declared, {Format.Bytes(budget.BudgetBytes)} admission budget; load {load}" + (note.Length > 0 ? $"; pre-warm: {note}" : "")
            + (results.FirstOrDefault(r => r.Error is not null)?.Error is { } error ? $"; first error: {error}" : "");
        bool? met = prewarm ? stats is not null && queued == 0 && failed == 0 && stats.Max <= WaitTargetMs : null;
        if (met is { } m) context.Report.Target($"cohort: 50 learners pre-warmed ({declared}) none waits > 10 s", m);
        return new StartRow(name, declared, prompts.Count, queued, failed, stats, note, met);
    }

    private sealed record StartResult(string Outcome, double? PromptMs, string? Error);

    private async Task<StartResult> StartOneAsync(BenchWebApp web, string learner, CancellationToken ct)
    {
        using var http = Client(web, learner);
        var clock = Stopwatch.StartNew();
        try
        {
            using var created = await http.PostAsJsonAsync("/api/workspaces", new { track = Track, lesson = Lesson }, ct);
            var body = await created.Content.ReadFromJsonAsync<JsonObject>(ct) ?? [];
            if (created.StatusCode == HttpStatusCode.Accepted)
            {
                while (body["state"]?.GetValue<string>() is "waiting" or "starting")
                {
                    if (clock.Elapsed > QueueDeadline) return new StartResult("queued", null, null);
                    using var poll = await http.GetAsync($"/api/queue/{body["ticket"]}?version={body["version"]}", ct);
                    body = await poll.Content.ReadFromJsonAsync<JsonObject>(ct) ?? [];
                }
                if (body["workspace"] is not JsonObject admitted) return new StartResult("failed", null, body["error"]?.GetValue<string>() ?? body.ToJsonString());
                body = admitted;
            }
            else if (!created.IsSuccessStatusCode)
            {
                return new StartResult("failed", null, $"{(int)created.StatusCode} {body["error"]}");
            }
            var uri = web.WebSocketUri($"/ws/workspaces/{body["id"]}/terminals/1?token={Uri.EscapeDataString(body["token"]!.GetValue<string>())}&cols=120&rows=32");
            await using var socket = await TerminalClient.ConnectAsync(uri, learner, web.Origin, ct);
            await socket.WaitAttachedAsync(PromptTimeout, ct);
            await TerminalProbes.WaitForPromptAsync(socket, PromptTimeout, ct);
            return new StartResult("prompt", clock.Elapsed.TotalMilliseconds, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new StartResult("failed", null, e.Message);
        }
    }

    private static HttpClient Client(BenchWebApp web, string learner)
    {
        var cookies = new CookieContainer();
        cookies.Add(web.Address, new Cookie("pg_learner", learner));
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = web.Address, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Add("Origin", web.Origin);
        return http;
    }

    /// <summary>A copy of sandbox-images/shell's spec declaring <paramref name="memory"/> (same image), in the bench's scratch folder.</summary>
    private string ShellWithMemory(string memory)
    {
        var root = Path.Combine(context.Scratch, $"images-{memory}");
        var shell = Path.Combine(root, "shell");
        Directory.CreateDirectory(shell);
        var spec = File.ReadAllText(Path.Combine(context.Layout.SandboxImages, "shell", "environment.yaml"));
        File.WriteAllText(Path.Combine(shell, "environment.yaml"), MemoryLimit().Replace(spec, $"memory: {memory}"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(context.Layout.SandboxImages, "shell")))
            if (Path.GetFileName(file) != "environment.yaml") File.Copy(file, Path.Combine(shell, Path.GetFileName(file)), overwrite: true);
        return root;
    }

    [GeneratedRegex(@"memory:\s*[0-9]+[kmgKMG]?")]
    private static partial Regex MemoryLimit();

    private void PrintStarts(IReadOnlyList<StartRow> rows)
    {
        var table = new Table().Title($"[bold]Cohort start[/]: {Learners} learners of one cohort open a shell lesson at once (POST → queue → first prompt)")
            .AddColumn("Run").AddColumn("Declared")
            .AddColumn(new TableColumn("prompt").RightAligned()).AddColumn(new TableColumn("queued").RightAligned()).AddColumn(new TableColumn("failed").RightAligned())
            .AddColumn(new TableColumn("[bold]p50[/]").RightAligned()).AddColumn(new TableColumn("p95").RightAligned()).AddColumn(new TableColumn("max").RightAligned())
            .AddColumn("Target").AddColumn("Met");
        foreach (var r in rows)
            table.AddRow(r.Name, r.Memory, r.Admitted.ToString(), r.Queued.ToString(), r.Failed.ToString(),
                r.Prompt is null ? "-" : Format.Ms(r.Prompt.P50), r.Prompt is null ? "-" : Format.Ms(r.Prompt.P95), r.Prompt is null ? "-" : Format.Ms(r.Prompt.Max),
                r.Met is null ? "baseline" : "none > 10 s", r.Met is { } m ? Marks.Of(m) : "");
        AnsiConsole.Write(table);
        foreach (var r in rows) AnsiConsole.MarkupLine($"  {Markup.Escape(r.Name)} {Markup.Escape(r.Memory)}: {Markup.Escape(r.PrewarmNote)}");
        AnsiConsole.MarkupLine($"  Learners still in line after {QueueDeadline.TotalSeconds:0} s count as queued (no session ends during the run, so only admission decides who gets in).");
        AnsiConsole.WriteLine();
    }

    // ---- 200 idle sessions ----------------------------------------------------------------------------------------

    private async Task<(double Base, double Sessions, string Note)> IdleSessionsAsync(int count, CancellationToken ct)
    {
        // The server-side cost of sessions, on the in-process stand-in backend: 200 real sandboxes with a terminal each
        // exhaust this host's kernel keyring quota (kernel.keys.maxkeys=200 for the one remapped uid; measured: the
        // terminals stop attaching at about 200 keys), and 200 × 512 MiB declared exceeds the admission budget, so the
        // spec declares 64 MiB. The stand-in's shells (script + bash) are processes of their own, outside this RSS.
        await using var backend = new Playground.Testing.Sandboxes.LocalProcessSandboxBackend();
        await using var web = await BenchWebApp.StartAsync(context, ct, settings: new Dictionary<string, string?>
        {
            ["Playground:Sandboxes:ImagesRoot"] = ShellWithMemory("64m"),
            ["Playground:Sandboxes:MaxSandboxes"] = (count + 10).ToString(),
            ["Playground:Capacity:PrewarmLead"] = "00:00:00",
        }, backend: backend);
        var manager = web.Services.GetRequiredService<WorkspaceManager>();
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var baseRss = RssMb(collect: true);
        var sockets = new List<TerminalClient>();
        var started = Stopwatch.StartNew();
        var failures = 0;
        try
        {
            var created = new System.Collections.Concurrent.ConcurrentBag<(string Learner, Workspace Workspace)>();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = ct }, async (_, token) =>
            {
                var learner = LearnerIds.New();
                try { created.Add((learner, await manager.CreateAsync(learner, $"{Track}/{Lesson}", "shell", token))); }
                catch (Exception) when (!token.IsCancellationRequested) { Interlocked.Increment(ref failures); }
            });
            var socketLock = new Lock();
            await Parallel.ForEachAsync(created, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = ct }, async (item, token) =>
            {
                try
                {
                    var uri = web.WebSocketUri($"/ws/workspaces/{item.Workspace.Id}/terminals/1?token={Uri.EscapeDataString(item.Workspace.Token)}&cols=120&rows=32");
                    var socket = await TerminalClient.ConnectAsync(uri, item.Learner, web.Origin, token);
                    lock (socketLock) sockets.Add(socket);
                    await socket.WaitAttachedAsync(PromptTimeout, token);
                    await TerminalProbes.WaitForPromptAsync(socket, PromptTimeout, token);
                }
                catch (Exception) when (!token.IsCancellationRequested) { Interlocked.Increment(ref failures); }
            });
            // Idle: nothing typed for a while, as a class reading the lesson text.
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            var asIs = RssMb(collect: false);
            var rss = RssMb(collect: true);
            var live = manager.LiveSandboxCount;
            context.Report.Target($"cohort: server RSS with {count} idle sessions ≤ {RssTargetMb} MB", rss <= RssTargetMb);
            return (baseRss, rss, $"{live} live workspaces (stand-in backend: a folder and a pty shell each), {sockets.Count} terminals attached, {failures} failures, " +
                $"set up in {Format.Ms(started.Elapsed.TotalMilliseconds)}; load {HostLoad.Read()}. RSS is the bench process, which hosts the server and the {sockets.Count} WebSocket clients; " +
                $"both figures after a full compacting GC ({Format.Number(asIs, "0")} MB before it)");
        }
        finally
        {
            foreach (var socket in sockets) await socket.DisposeAsync();
            await Parallel.ForEachAsync(manager.Live.Select(w => w.Id).ToList(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = CancellationToken.None },
                async (id, token) => await manager.EndAsync(id, TerminationReason.Destroyed, token));
        }
    }

    private static double RssMb(bool collect)
    {
        // A compacting, decommitting collection first: RSS then counts what is live, not garbage not yet collected.
        if (collect) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }

    // ---- dashboard latency ----------------------------------------------------------------------------------------

    private async Task<(Stats? Latency, string Note)> DashboardAsync(int students, CancellationToken ct)
    {
        await using var web = await BenchWebApp.StartAsync(context, ct, settings: new Dictionary<string, string?> { ["Playground:Capacity:PrewarmLead"] = "00:00:00" });
        var services = web.Services;
        var store = services.GetRequiredService<CohortStore>();
        var progress = services.GetRequiredService<IProgressStore>();
        var cohort = await store.CreateCohortAsync(new CohortDraft("Dashboard class", [Track], null, null, students), "bench", ct);
        var learners = new List<string>();
        for (var i = 0; i < students; i++)
        {
            var id = LearnerIds.New();
            await store.JoinAsync(cohort.JoinCode, id, $"Student {i + 1}", ct);
            await progress.StartLessonAsync(id, $"{Track}/{Lesson}", ct);
            learners.Add(id);
        }
        using var instructor = await SignInAsync(web, store, ct);
        using var stream = await instructor.GetStreamAsync($"/api/instructor/cohorts/{cohort.Id}/events", ct);
        using var reader = new StreamReader(stream);
        var arrivals = System.Threading.Channels.Channel.CreateUnbounded<long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readTask = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync(stop.Token) is { } line)
                if (line.StartsWith("event: grid", StringComparison.Ordinal)) arrivals.Writer.TryWrite(Stopwatch.GetTimestamp());
        }, stop.Token);
        // The first grid arrives on connect.
        await arrivals.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct);
        var samples = new List<double>();
        var random = new Random(12);
        var runs = context.Arguments.Quick ? 20 : 60;
        for (var i = 0; i < runs; i++)
        {
            while (arrivals.Reader.TryRead(out _)) { }
            var learner = learners[random.Next(learners.Count)];
            var sent = Stopwatch.GetTimestamp();
            await progress.RecordCheckAsync(learner, $"{Track}/{Lesson}", 1, passed: false, ct);
            var arrived = await arrivals.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct);
            samples.Add(TerminalProbes.Ms(sent, arrived));
            await Task.Delay(100, ct);
        }
        await stop.CancelAsync();
        try { await readTask; } catch (OperationCanceledException) { } catch (IOException) { }
        var stats = Stats.Of(samples);
        context.Report.Target($"cohort: dashboard update p95 ≤ 1 s with {students} students", stats.P95 <= DashboardTargetMs);
        return (stats, $"{runs} failed-check writes to random students, each timed to the next SSE grid message at a signed-in dashboard client " +
            $"(the stream gathers a burst for 200 ms before it rebuilds the grid); load {HostLoad.Read()}");
    }

    private static async Task<HttpClient> SignInAsync(BenchWebApp web, CohortStore store, CancellationToken ct)
    {
        var account = await store.AddInstructorAsync("bench-" + Guid.NewGuid().ToString("N")[..6], ct);
        var token = await store.CreateSignInTokenAsync(account.Id, ct);
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = web.Address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("Origin", web.Origin);
        var page = await http.GetStringAsync($"/instructor/sign-in/{token}", ct);
        var field = FormToken().Match(page);
        if (!field.Success) throw new InvalidOperationException("the sign-in page has no antiforgery field");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(field.Groups[1].Value),
            ["password"] = "bench password 12345",
            ["confirm"] = "bench password 12345",
        });
        using var signedIn = await http.PostAsync($"/instructor/sign-in/{token}", form, ct);
        if (!signedIn.IsSuccessStatusCode) throw new InvalidOperationException($"instructor sign-in failed: {(int)signedIn.StatusCode}");
        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    private void PrintRest(int sessions, double baseRss, double sessionsRss, string rssNote, (Stats? Latency, string Note) dashboard)
    {
        var table = new Table().Title("[bold]Cohort scale[/]: server memory and dashboard latency")
            .AddColumn("Measure").AddColumn(new TableColumn("Baseline").RightAligned()).AddColumn(new TableColumn("[bold]Value[/]").RightAligned())
            .AddColumn("Target").AddColumn("Met");
        table.AddRow($"RSS, {sessions} idle sessions", $"{Format.Number(baseRss, "0")} MB (0 sessions)", $"{Format.Number(sessionsRss, "0")} MB",
            $"≤ {RssTargetMb:0} MB", Marks.Of(sessionsRss <= RssTargetMb));
        if (dashboard.Latency is { } d)
            table.AddRow($"dashboard update, {sessions} students", $"p50 {Format.Ms(d.P50)}", $"p95 {Format.Ms(d.P95)} (max {Format.Ms(d.Max)})",
                "p95 ≤ 1 s", Marks.Of(d.P95 <= DashboardTargetMs));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"  RSS: {Markup.Escape(rssNote)}");
        AnsiConsole.MarkupLine($"  Dashboard: {Markup.Escape(dashboard.Note)}");
        AnsiConsole.WriteLine();
    }
}
