using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Playground.Lessons;
using Playground.Sandboxes;
using Playground.Sandboxes.Queue;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Capacity;
using Playground.Web.Catalog;
using Playground.Web.Errors;
using Playground.Web.Hosting;
using Playground.Web.Learners;
using Playground.Web.Security;

namespace Playground.Web.Workspaces;

internal static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workspaces");
        group.MapPost("/", Create).WithMetadata(new WorkspaceCreationLimit());
        group.MapGet("/", List);
        group.MapGet("/{id}", Get);
        group.MapPost("/{id}/extend", Extend);
        // POST /{id}/reset ("Reset sandbox") is mapped by Cohorts/LearnerCohortEndpoints (it applies cohort admission).
        group.MapDelete("/{id}", Destroy);
        app.MapPost("/api/lessons/{track}/{lesson}/steps/{number:int}/open", OpenStep);
        return group;
    }

    /// <summary>
    /// 201 with the new workspace, 200 with the learner's live one for the lesson, or 202 with a queue ticket
    /// (<see cref="QueueTicketDto"/>, see <see cref="QueueEndpoints"/>) when the server is full: at a cap, or others wait
    /// in line who would get the next seat. The per-learner cap and cohort refusals stay refusals (429/403).
    /// </summary>
    private static async Task<Results<Created<WorkspaceDto>, Ok<WorkspaceDto>, Accepted<QueueTicketDto>>> Create(
        CreateWorkspaceRequest request, HttpContext http, CurrentLearner learner, WorkspaceManager workspaces,
        IOptions<SandboxOptions> options, LessonSetupRunner setups, LearnerTerms learnerTerms, AdmissionQueue queue, QueueAdmitter admitter,
        LessonCatalogService lessons, CancellationToken ct)
    {
        var lesson = RoutedLesson.Find(http, request.Track, request.Lesson);
        if (lesson.Environment is null or "none") throw ApiException.BadRequest("This lesson has no terminal environment.");

        var existing = workspaces.ListForLearner(learner.Id).Any(w => w.LessonKey == lesson.Key);
        var terms = await learnerTerms.ForAsync(http, ct);
        var ask = new QueueRequest(learner.Id, lesson.Key, lesson.Environment, terms);
        if (!existing && admitter.ShouldLineUp(learner.Id, lesson.Key)) return Queued(queue.Enqueue(ask), queue, admitter, lessons, options.Value);
        Workspace workspace;
        try
        {
            // An unavailable environment and a failed start are thrown and answered by ProblemExceptionHandler.
            workspace = await workspaces.CreateAsync(learner.Id, lesson.Key, lesson.Environment, terms, ct);
        }
        catch (CapacityExceededException e) when (!e.PerLearner)
        {
            return Queued(queue.Enqueue(ask), queue, admitter, lessons, options.Value);
        }
        await setups.RunLessonSetupAsync(workspace, lesson, ct);
        var dto = WorkspaceDto.From(workspace, lesson.Terminals, options.Value);
        return existing ? TypedResults.Ok(dto) : TypedResults.Created($"/api/workspaces/{workspace.Id}", dto);
    }

    private static Accepted<QueueTicketDto> Queued(QueueStatus status, AdmissionQueue queue, QueueAdmitter admitter, LessonCatalogService lessons, SandboxOptions options)
    {
        admitter.Wake();
        return TypedResults.Accepted($"/api/queue/{status.TicketId}", QueueTicketDto.From(status, lessons, options));
    }

    private static Ok<WorkspaceDto[]> List(CurrentLearner learner, WorkspaceManager workspaces, LessonCatalogService lessons, IOptions<SandboxOptions> options) =>
        TypedResults.Ok(workspaces.ListForLearner(learner.Id)
            .Select(w => WorkspaceDto.From(w, lessons.TerminalsOf(w.LessonKey), options.Value)).ToArray());

    private static Ok<WorkspaceDto> Get(OwnedWorkspace owned, LessonCatalogService lessons, IOptions<SandboxOptions> options) =>
        TypedResults.Ok(WorkspaceDto.From(owned.Workspace, lessons.TerminalsOf(owned.Workspace.LessonKey), options.Value));

    private static async Task<Ok<WorkspaceDto>> Extend(
        OwnedWorkspace owned, WorkspaceManager workspaces, LessonCatalogService lessons, IOptions<SandboxOptions> options, CancellationToken ct)
    {
        var extended = await workspaces.ExtendAsync(owned.Id, ct);
        return TypedResults.Ok(WorkspaceDto.From(extended, lessons.TerminalsOf(extended.LessonKey), options.Value));
    }

    private static async Task<NoContent> Destroy(OwnedWorkspace owned, WorkspaceManager workspaces, CancellationToken ct)
    {
        await workspaces.EndAsync(owned.Id, TerminationReason.Destroyed, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The learner opened a step: run the cleanup of every passed earlier step, then the step's setup, in their
    /// workspace (each once).
    /// </summary>
    private static async Task<NoContent> OpenStep(
        LessonStep step, OpenStepRequest request, HttpContext http, LessonSetupRunner setups, CurrentLearner learner,
        Playground.Progress.IProgressStore progress, CancellationToken ct)
    {
        var owned = await OwnedWorkspace.ResolveAsync(request.WorkspaceId, http, ct, "No live workspace for this lesson.");
        if (owned.Workspace.LessonKey != step.Lesson.Key) throw ApiException.NotFound("No live workspace for this lesson.");
        if (step.Lesson.Steps.Any(s => s.Number < step.Number && s.Cleanup is not null))
        {
            var lessonProgress = await progress.GetLessonProgressAsync(learner.Id, step.Lesson.Key, ct);
            await setups.RunCleanupsBeforeAsync(owned.Workspace, step.Lesson, step.Step, lessonProgress.IsPassed, ct);
        }
        if (!await setups.RunStepSetupAsync(owned.Workspace, step.Step, ct))
            throw new ApiException(StatusCodes.Status500InternalServerError, "The step's setup script failed; checks may not pass.");
        return TypedResults.NoContent();
    }
}

internal sealed record OpenStepRequest(string? WorkspaceId);

internal sealed record CreateWorkspaceRequest(string? Track, string? Lesson);

internal sealed record TerminalDto(int Index, string Name);

internal sealed record WorkspaceDto(
    string Id, string Token, string Lesson, string Environment, TerminalDto[] Terminals, string State,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset IdleExpiresAt, bool Extended, bool CanExtend, int IdleTimeoutSeconds = 0)
{
    public static WorkspaceDto From(Workspace w, IReadOnlyList<string> terminals, SandboxOptions options) => new(
        w.Id, w.Token, w.LessonKey, w.Environment,
        terminals.Select((name, i) => new TerminalDto(i + 1, name)).ToArray(),
        w.IsLive ? "ready" : "ended",
        w.CreatedAt, w.ExpiresAt, w.IdleExpiresAt(options.IdleTimeout), w.Extended, !w.Extended && w.IsLive,
        (int)(w.IdleTimeout ?? options.IdleTimeout).TotalSeconds);
}

