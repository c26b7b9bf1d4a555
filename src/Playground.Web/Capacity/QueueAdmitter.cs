using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Queue;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Cohorts;
using Playground.Web.Hosting;
using Playground.Web.Workspaces;

namespace Playground.Web.Capacity;

/// <summary>
/// Admits queued learners when seats free up: on every session end, every change of the line, and once a second
/// (which also drops tickets whose page stopped renewing them). Walks the line in order and starts the workspace of
/// each ticket that fits now; a ticket that does not fit blocks the tickets of its own admission group behind it
/// (first come, first served within a group) but not those of another group, whose reserved seats may be free.
/// </summary>
internal sealed class QueueAdmitter : BackgroundService
{
    private readonly AdmissionQueue _queue;
    private readonly WorkspaceManager _workspaces;
    private readonly WorkspaceAdmission _admission;
    private readonly EnvironmentCatalog _environments;
    private readonly LessonCatalogService _lessons;
    private readonly LessonSetupRunner _setups;
    private readonly CohortSignals _signals;
    private readonly ILogger<QueueAdmitter> _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly IDisposable _subscription;

    public QueueAdmitter(AdmissionQueue queue, WorkspaceManager workspaces, WorkspaceAdmission admission, EnvironmentCatalog environments,
        LessonCatalogService lessons, LessonSetupRunner setups, CohortSignals signals, WorkspaceEvents events, ILogger<QueueAdmitter> logger)
    {
        _queue = queue;
        _workspaces = workspaces;
        _admission = admission;
        _environments = environments;
        _lessons = lessons;
        _setups = setups;
        _signals = signals;
        _logger = logger;
        _subscription = events.SubscribeAll(e =>
        {
            if (e is WorkspaceEnded) Wake();
        });
    }

    /// <summary>Runs a pass soon (a ticket was queued, or left).</summary>
    public void Wake() => _wake.Release();

    /// <summary>
    /// Whether a newcomer must line up behind the learners already waiting: true when someone else waits and would fit
    /// now (a seat just freed and the next pass will give it to them). Waiters that cannot fit (another group's
    /// reserved seats, or a bigger environment) do not hold back a newcomer whose own reserved seats are free.
    /// </summary>
    public bool ShouldLineUp(string learnerId, string lessonKey)
    {
        if (!_queue.HasOthersWaiting(learnerId, lessonKey)) return false;
        var (waiting, _) = _queue.Snapshot();
        return waiting.Any(w => w.Request.LearnerId != learnerId
            && _environments.Find(w.Request.Environment) is { } spec && _admission.Fits(spec, w.Request.Terms.Group));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _queue.DropStale();
                Pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Queue admission pass failed; retrying");
            }
            try { await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private void Pass(CancellationToken stoppingToken)
    {
        var (waiting, starting) = _queue.Snapshot();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ticketId, request) in waiting)
        {
            var group = request.Terms.Group ?? "";
            if (blocked.Contains(group)) continue;
            var spec = _environments.Find(request.Environment);
            // Tickets being started may not hold their place yet: count them as taken, so a pass never overshoots.
            if (spec is not null && !_admission.Fits(spec, request.Terms.Group, extraCount: starting, extraMemory: starting * spec.Limits.MemoryBytes))
            {
                blocked.Add(group);
                continue;
            }
            if (!_queue.MarkStarting(ticketId)) continue;
            starting++;
            _ = StartAsync(ticketId, request, stoppingToken);
        }
    }

    private async Task StartAsync(string ticketId, QueueRequest request, CancellationToken ct)
    {
        try
        {
            var lesson = _lessons.Catalog.Find(request.LessonKey);
            var workspace = await _workspaces.CreateAsync(request.LearnerId, request.LessonKey, request.Environment, request.Terms, ct);
            if (lesson is not null) await _setups.RunLessonSetupAsync(workspace, lesson, ct);
            _queue.Admitted(ticketId, workspace);
            _signals.Changed(request.LearnerId);
            _logger.LogInformation("Queued learner {LearnerId} admitted to workspace {WorkspaceId}", request.LearnerId, workspace.Id);
        }
        catch (CapacityExceededException e) when (!e.PerLearner)
        {
            _queue.BackToWaiting(ticketId);
        }
        catch (Exception e)
        {
            _queue.Failed(ticketId, e is OperationCanceledException ? "The server is shutting down." : e.Message);
            if (e is not (OperationCanceledException or CapacityExceededException)) _logger.LogWarning(e, "Starting the workspace of queue ticket {TicketId} failed", ticketId);
        }
        finally
        {
            Wake();
        }
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }
}
