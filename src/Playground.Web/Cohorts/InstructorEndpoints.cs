using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Playground.Cohorts;
using Playground.Progress;
using Playground.Sandboxes.Workspaces;
using Playground.Terminals;
using Playground.Terminals.Protocol;
using Playground.Terminals.Sessions;
using Playground.Web.Errors;
using Playground.Web.Hosting;
using Playground.Web.Security;
using Playground.Web.Terminals;
using Playground.Web.Workspaces;

namespace Playground.Web.Cohorts;

/// <summary>
/// The instructor API (cookie-authenticated; every state-changing call carries the antiforgery token from
/// GET /api/instructor/me in the RequestVerificationToken header). Every action is recorded in the store.
/// </summary>
internal static class InstructorEndpoints
{
    public static void MapInstructors(this WebApplication app)
    {
        var webRoot = app.Environment.WebRootPath;
        app.MapGet("/instructor", () => LearnerCohortEndpoints.StaticPage(webRoot, "instructor.html")).RequireAuthorization();

        var api = app.MapGroup("/api/instructor").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        api.MapGet("/me", Me);
        api.MapPost("/instructors", AddInstructor);
        api.MapGet("/cohorts", ListCohorts);
        api.MapPost("/cohorts", CreateCohort);
        api.MapGet("/cohorts/{id}", GetCohort);
        api.MapPut("/cohorts/{id}", UpdateCohort);
        api.MapPost("/cohorts/{id}/join-code/rotate", RotateCode);
        api.MapPost("/cohorts/{id}/join-code/close", CloseCode);
        api.MapGet("/cohorts/{id}/dashboard", Dashboard);
        api.MapGet("/cohorts/{id}/events", DashboardEvents);
        api.MapGet("/cohorts/{id}/progress.csv", ExportCsv);
        api.MapGet("/cohorts/{id}/actions", Actions);
        api.MapPost("/cohorts/{id}/end-all", EndAll);
        api.MapPost("/cohorts/{id}/broadcast", Broadcast);
        api.MapPost("/cohorts/{id}/learners/{learnerId}/{action}", LearnerAction);
        api.MapPut("/cohorts/{id}/learners/{learnerId}", RenameLearner);
        api.MapDelete("/cohorts/{id}/learners/{learnerId}", RemoveLearner);

        app.Map("/ws/instructor/workspaces/{id}/terminals/{index:int}", Watch).RequireAuthorization();
    }

    private static async Task<Instructor> CurrentAsync(HttpContext http, CohortStore store, CancellationToken ct) =>
        await store.GetInstructorAsync(http.User.InstructorId() ?? "", ct) ?? throw new UnauthorizedAccessException();

    private static async Task<Ok<InstructorMeDto>> Me(HttpContext http, CohortStore store, IAntiforgery antiforgery, InstructorOidcOptions oidc,
        Playground.Sandboxes.Environments.EnvironmentCatalog environments, IOptions<Playground.Sandboxes.SandboxOptions> sandboxes, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        var tokens = antiforgery.GetAndStoreTokens(http);
        // Environments the operator allowed to run unconfined (Playground:Sandboxes:AllowUnconfinedEnvironments): learners
        // see nothing about it; the instructor is told on their page (the server log says it at start).
        var unconfined = sandboxes.Value.AllowUnconfinedEnvironments
            ? environments.All.Where(e => e.SeccompUnconfined).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray()
            : [];
        return TypedResults.Ok(new InstructorMeDto(me.Id, me.Name, tokens.RequestToken!, tokens.HeaderName!, unconfined, oidc.Enabled ? oidc.DisplayName : null));
    }

    private static async Task<Ok<NewInstructorDto>> AddInstructor(NewInstructorRequest request, HttpContext http, CohortStore store, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        try
        {
            var added = await store.AddInstructorAsync(request.Name ?? "", ct);
            var token = await store.CreateSignInTokenAsync(added.Id, ct);
            await store.RecordActionAsync(me, null, "add-instructor", added.Name, ct: ct);
            return TypedResults.Ok(new NewInstructorDto(added.Name, $"{LearnerCohortEndpoints.PublicBase(http)}{InstructorSignIn.SignInPath}/{token}"));
        }
        catch (CohortException e)
        {
            throw Refused(e);
        }
    }

    private static async Task<Ok<CohortDto[]>> ListCohorts(CohortStore store, CancellationToken ct)
    {
        var now = store.Time.GetUtcNow();
        return TypedResults.Ok((await store.ListCohortsAsync(ct)).Select(c => CohortDto.From(c, now)).ToArray());
    }

    private static async Task<Created<CohortDto>> CreateCohort(CohortRequest request, HttpContext http, CohortStore store, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        try
        {
            var cohort = await store.CreateCohortAsync(request.ToDraft(), me.Id, ct);
            await store.RecordActionAsync(me, cohort.Id, "create-cohort", cohort.Name, ct: ct);
            return TypedResults.Created($"/api/instructor/cohorts/{cohort.Id}", CohortDto.From(cohort, store.Time.GetUtcNow()));
        }
        catch (CohortException e)
        {
            throw Refused(e);
        }
    }

    private static async Task<Ok<CohortDto>> GetCohort(string id, CohortStore store, CancellationToken ct) =>
        await store.GetCohortAsync(id, ct) is { } cohort ? TypedResults.Ok(CohortDto.From(cohort, store.Time.GetUtcNow())) : throw NoCohort();

    private static async Task<Ok<CohortDto>> UpdateCohort(string id, CohortRequest request, HttpContext http, CohortStore store, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        try
        {
            var cohort = await store.UpdateCohortAsync(id, request.ToDraft(), ct);
            await store.RecordActionAsync(me, id, "update-cohort", cohort.Name, ct: ct);
            return TypedResults.Ok(CohortDto.From(cohort, store.Time.GetUtcNow()));
        }
        catch (CohortException e)
        {
            throw Refused(e);
        }
    }

    private static Task<Ok<CohortDto>> RotateCode(string id, HttpContext http, CohortStore store, CancellationToken ct) =>
        ChangeCodeAsync(id, http, store, "rotate-join-code", store.RotateJoinCodeAsync, ct);

    private static Task<Ok<CohortDto>> CloseCode(string id, HttpContext http, CohortStore store, CancellationToken ct) =>
        ChangeCodeAsync(id, http, store, "close-join-code", store.CloseJoinCodeAsync, ct);

    private static async Task<Ok<CohortDto>> ChangeCodeAsync(string id, HttpContext http, CohortStore store, string action,
        Func<string, CancellationToken, Task<Cohort>> change, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        try
        {
            var cohort = await change(id, ct);
            await store.RecordActionAsync(me, id, action, ct: ct);
            return TypedResults.Ok(CohortDto.From(cohort, store.Time.GetUtcNow()));
        }
        catch (CohortException e)
        {
            throw Refused(e);
        }
    }

    private static async Task<Ok<DashboardDto>> Dashboard(string id, string? lang, CohortDashboard dashboard, CancellationToken ct) =>
        await dashboard.BuildAsync(id, lang == "ko" ? "ko" : "en", ct) is { } grid ? TypedResults.Ok(grid) : throw NoCohort();

    /// <summary>
    /// The live grid as server-sent events: one "grid" event now, then one whenever a learner of this cohort
    /// changes (debounced by 200 ms, skipped when nothing visible changed). No polling in the page.
    /// </summary>
    private static async Task DashboardEvents(string id, string? lang, HttpContext http, CohortDashboard dashboard, CohortSignals signals, CohortStore store, CancellationToken ct)
    {
        if (await store.GetCohortAsync(id, ct) is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var language = lang == "ko" ? "ko" : "en";
        var wake = System.Threading.Channels.Channel.CreateBounded<string>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest });
        // Any learner's change wakes the stream; the rebuilt grid is only sent when it differs, so other cohorts cost a rebuild, not traffic.
        using var subscription = signals.Listen(learner => wake.Writer.TryWrite(learner));
        await EventStream.BeginAsync(http.Response, ct);
        string? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var grid = await dashboard.BuildAsync(id, language, ct);
                if (grid is null) return;
                var json = JsonSerializer.Serialize(grid, CohortApiJson.Default.DashboardDto);
                var comparable = json[..json.LastIndexOf("\"at\":", StringComparison.Ordinal)];
                if (comparable != last) await EventStream.SendAsync(http.Response, "grid", json, ct);
                last = comparable;
                // Wait for a change (or send a keep-alive after 20 s and wait again); then gather a burst.
                while (await EventStream.NextAsync(http.Response, wake.Reader, TimeSpan.FromSeconds(20), ct) is null) { }
                await Task.Delay(200, ct);
                wake.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException) { }
    }

    private static async Task<IResult> ExportCsv(string id, HttpContext http, CohortStore store, IProgressStore progress, LessonCatalogService lessons, CancellationToken ct)
    {
        if (await store.GetCohortAsync(id, ct) is not { } cohort) throw NoCohort();
        var me = await CurrentAsync(http, store, ct);
        var csv = new StringBuilder("display_name,learner_id,lesson,step,passed_at,attempts,failures,hints_revealed,solution_viewed_at,solved_with_help_at\r\n");
        foreach (var member in await store.ListMembersAsync(id, ct))
        {
            foreach (var lesson in await progress.GetAllProgressAsync(member.LearnerId, ct))
            {
                if (!cohort.OpensLesson(lesson.LessonKey)) continue;
                var steps = lessons.Catalog.Find(lesson.LessonKey)?.Steps.Count ?? lesson.Steps.Keys.DefaultIfEmpty(0).Max();
                for (var n = 1; n <= steps; n++)
                {
                    lesson.Steps.TryGetValue(n, out var s);
                    csv.Append(Csv(member.DisplayName)).Append(',').Append(member.LearnerId).Append(',').Append(Csv(lesson.LessonKey)).Append(',')
                        .Append(n).Append(',').Append(Time(s?.PassedAt)).Append(',').Append(s?.Attempts ?? 0).Append(',').Append(s?.Failures ?? 0).Append(',')
                        .Append(s?.HintsRevealed ?? 0).Append(',').Append(Time(s?.SolutionViewedAt)).Append(',')
                        .Append(Time(s?.SolvedWithHelpAt)).Append("\r\n");
                }
            }
        }
        await store.RecordActionAsync(me, id, "export-csv", ct: ct);
        var name = new string(cohort.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", $"progress-{name}.csv");
    }

    /// <summary>RFC 4180 quoting, and a leading apostrophe against spreadsheet formula injection (=, +, -, @).</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private static async Task<Ok<ActionDto[]>> Actions(string id, CohortStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListActionsAsync(id, 200, ct)).Select(a => new ActionDto(a.InstructorName, a.Action, a.Target, a.Detail, a.At)).ToArray());

    private static async Task<Ok<CountDto>> EndAll(string id, HttpContext http, CohortStore store, WorkspaceManager workspaces, CohortSignals signals, CancellationToken ct)
    {
        if (await store.GetCohortAsync(id, ct) is null) throw NoCohort();
        var me = await CurrentAsync(http, store, ct);
        var ended = 0;
        foreach (var member in await store.ListMembersAsync(id, ct))
        {
            foreach (var workspace in workspaces.ListForLearner(member.LearnerId))
            {
                await workspaces.EndAsync(workspace.Id, TerminationReason.Destroyed, ct);
                ended++;
            }
            signals.Changed(member.LearnerId);
        }
        await store.RecordActionAsync(me, id, "end-all-sessions", detail: $"{ended} sessions", ct: ct);
        return TypedResults.Ok(new CountDto(ended));
    }

    private static async Task<Ok<CountDto>> Broadcast(string id, BroadcastRequest request, HttpContext http, CohortStore store, LearnerBroadcasts broadcasts, CancellationToken ct)
    {
        if (await store.GetCohortAsync(id, ct) is null) throw NoCohort();
        var text = request.Message?.Trim() ?? "";
        if (text.Length is 0 or > 500 || text.Any(c => char.IsControl(c) && c != '\n'))
            throw ApiException.BadRequest("A broadcast is 1 to 500 characters.");
        var me = await CurrentAsync(http, store, ct);
        var pages = broadcasts.Send(id, new BroadcastMessage(text, me.Name, store.Time.GetUtcNow()));
        await store.RecordActionAsync(me, id, "broadcast", detail: text, ct: ct);
        return TypedResults.Ok(new CountDto(pages));
    }

    private static async Task<IResult> LearnerAction(string id, string learnerId, string action, HttpContext http, CohortStore store,
        WorkspaceManager workspaces, WorkspaceReset reset, CohortSignals signals, CancellationToken ct)
    {
        if (action is not ("extend" or "reset" or "end")) throw ApiException.NotFound($"No action '{ApiException.Quote(action)}': extend, reset or end.");
        if ((await store.GetMemberAsync(learnerId, ct))?.CohortId != id) throw ApiException.NotFound("No such learner in this cohort.");
        var me = await CurrentAsync(http, store, ct);
        var live = workspaces.ListForLearner(learnerId);
        var done = 0;
        var problems = new List<string>();
        foreach (var workspace in live)
        {
            try
            {
                switch (action)
                {
                    case "extend": await workspaces.ExtendAsync(workspace.Id, ct); break;
                    case "reset": await reset.ResetAsync(workspace, ct); break;
                    case "end": await workspaces.EndAsync(workspace.Id, TerminationReason.Destroyed, ct); break;
                }
                done++;
            }
            catch (Exception e) when (e is ExtensionRefusedException or CapacityExceededException or Playground.Sandboxes.Backends.SandboxException)
            {
                problems.Add(e.Message);
            }
        }
        signals.Changed(learnerId);
        await store.RecordActionAsync(me, id, action + "-sessions", learnerId, $"{done} of {live.Count}", ct);
        return problems.Count == 0
            ? TypedResults.Ok(new CountDto(done))
            : throw new ApiException(StatusCodes.Status409Conflict, string.Join(" ", problems.Distinct()));
    }

    private static async Task<IResult> RenameLearner(string id, string learnerId, RenameRequest request, HttpContext http, CohortStore store, CohortSignals signals, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        try
        {
            await store.RenameMemberAsync(id, learnerId, request.DisplayName, ct);
            await store.RecordActionAsync(me, id, "rename-learner", learnerId, request.DisplayName, ct);
            signals.Changed(learnerId);
            return TypedResults.NoContent();
        }
        catch (CohortException e)
        {
            throw Refused(e);
        }
    }

    private static async Task<IResult> RemoveLearner(string id, string learnerId, HttpContext http, CohortStore store, WorkspaceManager workspaces, CohortSignals signals, CancellationToken ct)
    {
        var me = await CurrentAsync(http, store, ct);
        try
        {
            await store.RemoveMemberAsync(id, learnerId, ct);
            // The learner's open pages say why their sessions ended (reason "removed").
            foreach (var workspace in workspaces.ListForLearner(learnerId)) await workspaces.EndAsync(workspace.Id, TerminationReason.RemovedFromCohort, ct);
            await store.RecordActionAsync(me, id, "remove-learner", learnerId, ct: ct);
            signals.Changed(learnerId);
            return TypedResults.NoContent();
        }
        catch (CohortException e)
        {
            throw Refused(e);
        }
    }

    /// <summary>
    /// Read-only view of a learner's terminal (same frames as theirs, replay first). Only for workspaces of cohort
    /// members; the instructor's input is refused by <see cref="TerminalWatchConnection"/> until they take over.
    /// </summary>
    private static async Task Watch(string id, int index, HttpContext http, WorkspaceManager workspaces, TerminalSessions sessions,
        CohortStore store, LessonCatalogService lessons, PlaygroundOrigins origins, IOptions<TerminalOptions> terminalOptions, CancellationToken ct)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!origins.IsAllowedOrigin(http.Request.Headers.Origin.ToString()))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var workspace = workspaces.GetLive(id);
        var member = workspace is null ? null : await store.GetMemberAsync(workspace.LearnerId, ct);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        if (workspace is null || member is null || index < 1 || index > lessons.TerminalsOf(workspace.LessonKey).Count)
        {
            await socket.CloseAsync((WebSocketCloseStatus)CloseCodes.NotFound, "no such live session of a cohort member", CancellationToken.None);
            return;
        }
        var me = await CurrentAsync(http, store, ct);
        await store.RecordActionAsync(me, member.CohortId, "watch-terminal", member.LearnerId, $"{workspace.LessonKey} terminal {index}", ct);
        TerminalSession session;
        try
        {
            // The learner may not have opened this terminal yet: start its shell, which they attach to later.
            session = sessions.Find(id, index) ?? await sessions.GetOrStartAsync(workspace, index, terminalOptions.Value.DefaultColumns, terminalOptions.Value.DefaultRows, ct);
        }
        catch (Exception e) when (e is WorkspaceNotFoundException or Playground.Sandboxes.Backends.SandboxException)
        {
            await socket.CloseAsync((WebSocketCloseStatus)CloseCodes.Ended, "the sandbox is gone", CancellationToken.None);
            return;
        }
        // Take-over and hand-back are recorded like every other instructor action (the hand-back also when the watcher leaves).
        await new TerminalWatchConnection(socket, session, me.Name, taken => store.RecordActionAsync(me, member.CohortId,
            taken ? "take-over-terminal" : "release-terminal", member.LearnerId, $"{workspace.LessonKey} terminal {index}", CancellationToken.None)).RunAsync(ct);
    }

    private static ApiException NoCohort() => ApiException.NotFound("No such cohort.");

    internal static ApiException Refused(CohortException e) =>
        new(LearnerCohortEndpoints.StatusOf(e.Refusal), e.Message, reason: e.Refusal.ToString().ToLowerInvariant());
}

/// <summary>Antiforgery for the instructor's JSON calls: POST/PUT/DELETE must carry the token of GET /api/instructor/me.</summary>
internal sealed class AntiforgeryHeaderFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return await next(context);
        if (!await antiforgery.IsRequestValidAsync(http))
            throw ApiException.BadRequest("The request is missing its antiforgery token: reload the page.");
        return await next(context);
    }
}

/// <summary>The signed-in instructor and the antiforgery token for their calls.</summary>
/// <param name="UnconfinedEnvironments">Environments allowed to run with seccomp unconfined on this server (a learner in
/// one is root on the host): the page warns the instructor. Empty normally.</param>
/// <param name="Oidc">The single sign-on's display name when OpenID Connect is configured (the page offers linking).</param>
internal sealed record InstructorMeDto(string Id, string Name, string Csrf, string CsrfHeader, string[]? UnconfinedEnvironments = null, string? Oidc = null);

internal sealed record NewInstructorRequest(string? Name);

internal sealed record NewInstructorDto(string Name, string SignInUrl);

/// <summary>Create/update a cohort. Times are ISO 8601 (UTC or with offset); minutes for clocks.</summary>
internal sealed record CohortRequest(string? Name, string[]? Opens, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? SeatLimit,
    int? SandboxQuota, int? IdleTimeoutMinutes, int? LifetimeMinutes, int? ReservedSeats = null)
{
    public CohortDraft ToDraft() => new(Name ?? "", (Opens ?? []).Select(o => o.Trim()).Where(o => o.Length > 0).Distinct().ToArray(), StartsAt, EndsAt, SeatLimit ?? 0,
        SandboxQuota, IdleTimeoutMinutes is { } i ? TimeSpan.FromMinutes(i) : null, LifetimeMinutes is { } l ? TimeSpan.FromMinutes(l) : null)
    {
        ReservedSeats = ReservedSeats ?? 0,
    };
}

internal sealed record BroadcastRequest(string? Message);

internal sealed record RenameRequest(string? DisplayName);

internal sealed record CountDto(int Count);

internal sealed record ActionDto(string Instructor, string Action, string? Target, string? Detail, DateTimeOffset At);
