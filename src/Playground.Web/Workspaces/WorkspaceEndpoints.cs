using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Playground.Lessons;
using Playground.Sandboxes;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Hosting;
using Playground.Web.Learners;

namespace Playground.Web.Workspaces;

public static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workspaces");
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{id}", Get);
        group.MapPost("/{id}/extend", Extend);
        group.MapDelete("/{id}", Destroy);
        app.MapPost("/api/lessons/{track}/{lesson}/steps/{number:int}/open", OpenStep);
        return group;
    }

    private static async Task<Results<Created<WorkspaceDto>, Ok<WorkspaceDto>, NotFound<ApiError>, JsonHttpResult<ApiError>>> Create(
        CreateWorkspaceRequest request, HttpContext http, LessonCatalogService lessons, WorkspaceManager workspaces,
        IOptions<SandboxOptions> options, LessonSetupRunner setups, CancellationToken ct)
    {
        if (lessons.Catalog.Find(request.Track ?? "", request.Lesson ?? "") is not { } lesson)
            return TypedResults.NotFound(new ApiError($"no lesson '{request.Track}/{request.Lesson}'"));
        if (lesson.Environment is null or "none")
            return TypedResults.Json(new ApiError("this lesson has no terminal environment"), statusCode: StatusCodes.Status400BadRequest);

        var learner = http.LearnerId();
        var existing = workspaces.ListForLearner(learner).Any(w => w.LessonKey == lesson.Key);
        try
        {
            var workspace = await workspaces.CreateAsync(learner, lesson.Key, lesson.Environment, ct);
            await setups.RunLessonSetupAsync(workspace, lesson, ct);
            var dto = WorkspaceDto.From(workspace, lesson.Terminals, options.Value);
            return existing ? TypedResults.Ok(dto) : TypedResults.Created($"/api/workspaces/{workspace.Id}", dto);
        }
        catch (CapacityExceededException e)
        {
            return TypedResults.Json(new ApiError(e.Message), statusCode: e.PerLearner ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable);
        }
        catch (EnvironmentUnavailableException e)
        {
            return TypedResults.Json(new ApiError(e.Message, e.Hint), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Playground.Sandboxes.Backends.SandboxStartException e)
        {
            return TypedResults.Json(new ApiError($"The sandbox could not be started: {e.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static Ok<WorkspaceDto[]> List(HttpContext http, WorkspaceManager workspaces, LessonCatalogService lessons, IOptions<SandboxOptions> options) =>
        TypedResults.Ok(workspaces.ListForLearner(http.LearnerId())
            .Select(w => WorkspaceDto.From(w, lessons.TerminalsOf(w.LessonKey), options.Value)).ToArray());

    private static async Task<Results<Ok<WorkspaceDto>, NotFound<ApiError>, JsonHttpResult<ApiError>>> Get(
        string id, HttpContext http, WorkspaceManager workspaces, LessonCatalogService lessons, IOptions<SandboxOptions> options, CancellationToken ct)
    {
        var workspace = await workspaces.GetAsync(id, ct);
        if (workspace is null) return TypedResults.NotFound(new ApiError($"no workspace '{id}'"));
        // Another learner's workspace answers exactly like a forbidden one, never with its details.
        if (workspace.LearnerId != http.LearnerId()) return WorkspaceAccess.NotYours();
        if (!workspace.IsLive)
            return TypedResults.Json(new ApiError($"This session has ended: {workspace.EndReason?.Describe()}.", Reason: workspace.EndReason?.Code()), statusCode: StatusCodes.Status410Gone);
        return TypedResults.Ok(WorkspaceDto.From(workspace, lessons.TerminalsOf(workspace.LessonKey), options.Value));
    }

    private static async Task<Results<Ok<WorkspaceDto>, NotFound<ApiError>, JsonHttpResult<ApiError>, Conflict<ApiError>>> Extend(
        string id, HttpContext http, WorkspaceManager workspaces, LessonCatalogService lessons, IOptions<SandboxOptions> options, CancellationToken ct)
    {
        var workspace = workspaces.GetLive(id);
        if (workspace is null) return TypedResults.NotFound(new ApiError("no live workspace with this id"));
        if (workspace.LearnerId != http.LearnerId()) return WorkspaceAccess.NotYours();
        try
        {
            var extended = await workspaces.ExtendAsync(id, ct);
            return TypedResults.Ok(WorkspaceDto.From(extended, lessons.TerminalsOf(extended.LessonKey), options.Value));
        }
        catch (ExtensionRefusedException e)
        {
            return TypedResults.Conflict(new ApiError(e.Message));
        }
    }

    private static async Task<Results<NoContent, NotFound<ApiError>, JsonHttpResult<ApiError>>> Destroy(
        string id, HttpContext http, WorkspaceManager workspaces, CancellationToken ct)
    {
        var workspace = workspaces.GetLive(id);
        if (workspace is null) return TypedResults.NotFound(new ApiError("no live workspace with this id"));
        if (workspace.LearnerId != http.LearnerId()) return WorkspaceAccess.NotYours();
        await workspaces.EndAsync(id, TerminationReason.Destroyed, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The learner opened a step: run its setup in their workspace (once).</summary>
    private static async Task<Results<NoContent, NotFound<ApiError>, JsonHttpResult<ApiError>>> OpenStep(
        string track, string lesson, int number, OpenStepRequest request, HttpContext http, LessonCatalogService lessons,
        WorkspaceManager workspaces, LessonSetupRunner setups, CancellationToken ct)
    {
        if (lessons.Catalog.Find(track, lesson) is not { } found || found.FindStep(number) is not { } step)
            return TypedResults.NotFound(new ApiError($"no step {number} in lesson '{track}/{lesson}'"));
        var workspace = request.WorkspaceId is null ? null : workspaces.GetLive(request.WorkspaceId);
        if (workspace is null || workspace.LessonKey != found.Key) return TypedResults.NotFound(new ApiError("no live workspace for this lesson"));
        if (workspace.LearnerId != http.LearnerId()) return WorkspaceAccess.NotYours();
        return await setups.RunStepSetupAsync(workspace, step, ct)
            ? TypedResults.NoContent()
            : TypedResults.Json(new ApiError("the step's setup script failed; checks may not pass"), statusCode: StatusCodes.Status500InternalServerError);
    }
}

public sealed record OpenStepRequest(string? WorkspaceId);

public sealed record CreateWorkspaceRequest(string? Track, string? Lesson);

public sealed record TerminalDto(int Index, string Name);

public sealed record WorkspaceDto(
    string Id, string Token, string Lesson, string Environment, TerminalDto[] Terminals, string State,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset IdleExpiresAt, bool Extended, bool CanExtend)
{
    public static WorkspaceDto From(Workspace w, IReadOnlyList<string> terminals, SandboxOptions options) => new(
        w.Id, w.Token, w.LessonKey, w.Environment,
        terminals.Select((name, i) => new TerminalDto(i + 1, name)).ToArray(),
        w.IsLive ? "ready" : "ended",
        w.CreatedAt, w.ExpiresAt, w.IdleExpiresAt(options.IdleTimeout), w.Extended, !w.Extended && w.IsLive);
}

public sealed record ApiError(string Error, string? Hint = null, string? Reason = null);
