using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Playground.Sandboxes;
using Playground.Sandboxes.Queue;
using Playground.Web.Hosting;
using Playground.Web.Learners;
using Playground.Web.Workspaces;

namespace Playground.Web.Capacity;

/// <summary>
/// The admission queue over HTTP. POST /api/workspaces answers <c>202 Accepted</c> with a <see cref="QueueTicketDto"/>
/// (Location /api/queue/{ticket}) when the learner's sandbox cannot be admitted for capacity; the page then long-polls
/// <c>GET /api/queue/{ticket}?version=V</c>, which answers as soon as the line changes after version V (or after
/// <see cref="SandboxOptions.QueuePollTimeout"/> unchanged). Every poll renews the ticket; a ticket not renewed within
/// <see cref="SandboxOptions.QueueTicketTimeout"/> drops out. <c>DELETE /api/queue/{ticket}</c> leaves the line.
/// Tickets belong to the learner who was queued; anyone else reads state <c>left</c>.
/// </summary>
internal static class QueueEndpoints
{
    public static void MapQueue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/queue");
        group.MapGet("/{ticket}", Poll);
        group.MapDelete("/{ticket}", Leave);
    }

    private static async Task<Ok<QueueTicketDto>> Poll(string ticket, long? version, CurrentLearner learner, AdmissionQueue queue,
        LessonCatalogService lessons, IOptions<SandboxOptions> options, CancellationToken ct)
    {
        QueueStatus status;
        try
        {
            status = version is { } v
                ? await queue.WaitAsync(ticket, learner.Id, v, options.Value.QueuePollTimeout, ct)
                : queue.Get(ticket, learner.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away mid-poll; the ticket now ages toward its timeout.
            status = queue.Get(ticket, learner.Id);
        }
        return TypedResults.Ok(QueueTicketDto.From(status, lessons, options.Value));
    }

    private static NoContent Leave(string ticket, CurrentLearner learner, AdmissionQueue queue, QueueAdmitter admitter)
    {
        queue.Leave(ticket, learner.Id);
        admitter.Wake();
        return TypedResults.NoContent();
    }
}

/// <summary>
/// A queue ticket as the page reads it (POST /api/workspaces with 202, and GET /api/queue/{ticket}).
/// </summary>
/// <param name="Queued">Always true: tells a ticket from a workspace in the create answer.</param>
/// <param name="Ticket">Opaque ticket id for /api/queue/{ticket}.</param>
/// <param name="State"><c>waiting</c>, <c>starting</c>, <c>admitted</c> (see <paramref name="Workspace"/>), <c>failed</c> (see <paramref name="Error"/>) or <c>left</c>.</param>
/// <param name="Position">1-based place in line while waiting, else 0.</param>
/// <param name="Waiting">Learners waiting in all.</param>
/// <param name="EtaSeconds">Estimated wait in seconds, from the mean interval between recent session ends times the position; null when there is no history to estimate from ("unknown").</param>
/// <param name="Version">Pass back as <c>?version=</c> to wait for the next change.</param>
/// <param name="RenewWithinSeconds">The page must ask again within this many seconds or lose its place.</param>
/// <param name="Workspace">The learner's workspace once admitted.</param>
/// <param name="Error">Why starting failed, once failed.</param>
internal sealed record QueueTicketDto(bool Queued, string Ticket, string State, int Position, int Waiting, int? EtaSeconds, long Version,
    int RenewWithinSeconds, WorkspaceDto? Workspace, string? Error)
{
    internal static QueueTicketDto From(QueueStatus status, LessonCatalogService lessons, SandboxOptions options) => new(
        true, status.TicketId, status.State.ToString().ToLowerInvariant(), status.Position, status.Waiting, status.EtaSeconds, status.Version,
        (int)options.QueueTicketTimeout.TotalSeconds,
        status.Workspace is { } w ? WorkspaceDto.From(w, lessons.TerminalsOf(w.LessonKey), options) : null,
        status.Error);
}
