using Microsoft.Extensions.Options;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Queue;

/// <summary>Where a queue ticket stands.</summary>
public enum QueueTicketState
{
    /// <summary>In line; <see cref="QueueStatus.Position"/> tells where.</summary>
    Waiting,
    /// <summary>Admitted: the workspace is being started.</summary>
    Starting,
    /// <summary>The workspace is ready (<see cref="QueueStatus.Workspace"/>).</summary>
    Admitted,
    /// <summary>Starting failed; <see cref="QueueStatus.Error"/> says why.</summary>
    Failed,
    /// <summary>The learner left the line (page closed: not renewed in time, or left explicitly). Unknown tickets read the same.</summary>
    Left,
}

/// <summary>What a learner's page asked for when it was queued.</summary>
/// <param name="LearnerId">The learner.</param>
/// <param name="LessonKey"><c>track/lesson</c>.</param>
/// <param name="Environment">The lesson's environment name.</param>
/// <param name="Terms">Clocks and admission group of the workspace to start.</param>
public sealed record QueueRequest(string LearnerId, string LessonKey, string Environment, WorkspaceTerms Terms);

/// <summary>
/// A ticket's state as the page reads it.
/// </summary>
/// <param name="TicketId">Opaque id (the page renews it by asking about it).</param>
/// <param name="State">See <see cref="QueueTicketState"/>.</param>
/// <param name="Position">1-based place among waiting tickets; 0 unless <see cref="QueueTicketState.Waiting"/>.</param>
/// <param name="Waiting">Tickets waiting in all.</param>
/// <param name="EtaSeconds">Estimated wait in seconds from recent session ends (<see cref="SessionEndRate"/>); null when unknown.</param>
/// <param name="Workspace">The started workspace once <see cref="QueueTicketState.Admitted"/>.</param>
/// <param name="Error">Why starting failed, for the learner, once <see cref="QueueTicketState.Failed"/>.</param>
/// <param name="Version">Changes whenever the queue changes; a long-poll passes it back to wait for the next change.</param>
public sealed record QueueStatus(string TicketId, QueueTicketState State, int Position, int Waiting, int? EtaSeconds, Workspace? Workspace, string? Error, long Version);

/// <summary>
/// The line of learners whose sandbox could not be admitted for capacity, first come first served. Kept in memory
/// only: a restart empties it, and the pages then ask again (and are queued again if still full). A ticket is renewed
/// by every request about it and while a long-poll on it is open; one not renewed within
/// <see cref="SandboxOptions.QueueTicketTimeout"/> drops out, and everyone behind moves up. Who is admitted and when
/// is decided by the admitter (web layer); this type only keeps order, state and change notification.
/// </summary>
public sealed class AdmissionQueue(SessionEndRate rate, IOptions<SandboxOptions> options, TimeProvider? time = null)
{
    private readonly Lock _lock = new();
    private readonly List<Ticket> _tickets = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Tickets waiting in line (the /metrics gauge <c>playground.sandboxes.queued</c>).</summary>
    public int WaitingCount
    {
        get { lock (_lock) return _tickets.Count(t => t.State == QueueTicketState.Waiting); }
    }

    /// <summary>
    /// Queues <paramref name="request"/>, or returns the ticket this learner already holds for the lesson (a reload
    /// keeps its place).
    /// </summary>
    public QueueStatus Enqueue(QueueRequest request)
    {
        lock (_lock)
        {
            var ticket = _tickets.FirstOrDefault(t => t.Request.LearnerId == request.LearnerId && t.Request.LessonKey == request.LessonKey
                && t.State is QueueTicketState.Waiting or QueueTicketState.Starting);
            if (ticket is null)
            {
                ticket = new Ticket(Ids.New(16), request) { LastSeen = _time.GetUtcNow() };
                _tickets.Add(ticket);
                ChangedLocked();
            }
            ticket.LastSeen = _time.GetUtcNow();
            return StatusLocked(ticket);
        }
    }

    /// <summary>Whether anyone other than this learner's own ticket for the lesson waits (a newcomer then lines up behind them).</summary>
    public bool HasOthersWaiting(string learnerId, string lessonKey)
    {
        lock (_lock)
            return _tickets.Any(t => t.State == QueueTicketState.Waiting && !(t.Request.LearnerId == learnerId && t.Request.LessonKey == lessonKey));
    }

    /// <summary>The ticket's state, renewing it; state <see cref="QueueTicketState.Left"/> when unknown or not the learner's.</summary>
    public QueueStatus Get(string ticketId, string learnerId)
    {
        lock (_lock)
        {
            var ticket = FindLocked(ticketId, learnerId);
            if (ticket is null) return new QueueStatus(ticketId, QueueTicketState.Left, 0, WaitingLocked(), null, null, null, _version);
            ticket.LastSeen = _time.GetUtcNow();
            return StatusLocked(ticket);
        }
    }

    /// <summary>
    /// Waits until the queue changes after <paramref name="version"/> or <paramref name="timeout"/> passes, keeping the
    /// ticket renewed while waiting, then answers as <see cref="Get"/>.
    /// </summary>
    public async Task<QueueStatus> WaitAsync(string ticketId, string learnerId, long version, TimeSpan timeout, CancellationToken ct)
    {
        Task changed;
        Ticket? ticket;
        lock (_lock)
        {
            ticket = FindLocked(ticketId, learnerId);
            if (ticket is null || _version != version) return Get(ticketId, learnerId);
            ticket.OpenPolls++;
            changed = _changed.Task;
        }
        try
        {
            await changed.WaitAsync(timeout, _time, ct);
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            lock (_lock)
            {
                ticket.OpenPolls--;
                ticket.LastSeen = _time.GetUtcNow();
            }
        }
        return Get(ticketId, learnerId);
    }

    /// <summary>Whether <paramref name="ticketId"/> is a ticket of <paramref name="learnerId"/> still in the queue.</summary>
    public bool Holds(string ticketId, string learnerId)
    {
        lock (_lock) return FindLocked(ticketId, learnerId) is not null;
    }

    /// <summary>The learner leaves the line (the page closed or navigated away); false when the ticket is unknown or not the learner's.</summary>
    public bool Leave(string ticketId, string learnerId)
    {
        lock (_lock)
        {
            if (FindLocked(ticketId, learnerId) is not { } ticket) return false;
            _tickets.Remove(ticket);
            ChangedLocked();
            return true;
        }
    }

    /// <summary>Drops waiting tickets not renewed within <see cref="SandboxOptions.QueueTicketTimeout"/>, and finished ones no page collected; returns how many waiting ones left.</summary>
    public int DropStale()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var timeout = options.Value.QueueTicketTimeout;
            var stale = _tickets.Where(t => t.OpenPolls == 0 && now - t.LastSeen > timeout
                && t.State is QueueTicketState.Waiting or QueueTicketState.Admitted or QueueTicketState.Failed).ToList();
            foreach (var ticket in stale) _tickets.Remove(ticket);
            if (stale.Count > 0) ChangedLocked();
            return stale.Count(t => t.State == QueueTicketState.Waiting);
        }
    }

    /// <summary>Waiting tickets in order (ticket id and request), and how many are being started.</summary>
    public (IReadOnlyList<(string TicketId, QueueRequest Request)> Waiting, int Starting) Snapshot()
    {
        lock (_lock)
            return (_tickets.Where(t => t.State == QueueTicketState.Waiting).Select(t => (t.Id, t.Request)).ToList(),
                _tickets.Count(t => t.State == QueueTicketState.Starting));
    }

    /// <summary>The admitter starts this ticket's workspace; false when it left meanwhile.</summary>
    public bool MarkStarting(string ticketId) => Transition(ticketId, QueueTicketState.Waiting, QueueTicketState.Starting, null, null);

    /// <summary>Starting was refused for capacity after all (a race): back in line at the same place.</summary>
    public void BackToWaiting(string ticketId) => Transition(ticketId, QueueTicketState.Starting, QueueTicketState.Waiting, null, null);

    /// <summary>The ticket's workspace is ready.</summary>
    public void Admitted(string ticketId, Workspace workspace) => Transition(ticketId, QueueTicketState.Starting, QueueTicketState.Admitted, workspace, null);

    /// <summary>Starting the ticket's workspace failed with <paramref name="error"/> (shown to the learner).</summary>
    public void Failed(string ticketId, string error) => Transition(ticketId, QueueTicketState.Starting, QueueTicketState.Failed, null, error);

    private bool Transition(string ticketId, QueueTicketState from, QueueTicketState to, Workspace? workspace, string? error)
    {
        lock (_lock)
        {
            var ticket = _tickets.FirstOrDefault(t => t.Id == ticketId);
            if (ticket is null || ticket.State != from) return false;
            ticket.State = to;
            ticket.Workspace = workspace;
            ticket.Error = error;
            // Admitted and failed tickets wait for their page to collect them, then the stale sweep forgets them.
            ticket.LastSeen = _time.GetUtcNow();
            ChangedLocked();
            return true;
        }
    }

    private Ticket? FindLocked(string ticketId, string learnerId) =>
        _tickets.FirstOrDefault(t => t.Id == ticketId && t.Request.LearnerId == learnerId);

    private int WaitingLocked() => _tickets.Count(t => t.State == QueueTicketState.Waiting);

    private QueueStatus StatusLocked(Ticket ticket)
    {
        var position = ticket.State == QueueTicketState.Waiting
            ? _tickets.Where(t => t.State == QueueTicketState.Waiting).TakeWhile(t => t != ticket).Count() + 1
            : 0;
        return new QueueStatus(ticket.Id, ticket.State, position, WaitingLocked(),
            position > 0 ? rate.EstimateSeconds(position) : null, ticket.Workspace, ticket.Error, _version);
    }

    private void ChangedLocked()
    {
        _version++;
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private sealed class Ticket(string id, QueueRequest request)
    {
        public string Id { get; } = id;
        public QueueRequest Request { get; } = request;
        public QueueTicketState State { get; set; } = QueueTicketState.Waiting;
        public DateTimeOffset LastSeen { get; set; }
        public int OpenPolls { get; set; }
        public Workspace? Workspace { get; set; }
        public string? Error { get; set; }
    }
}
