using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Engine;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Creates, finds, extends and ends workspaces, enforcing the caps. Live state is held in memory
/// (it changes on every keystroke) and written through to the store on every transition.
/// </summary>
public sealed class WorkspaceManager(
    EnvironmentCatalog environments,
    ISandboxBackend backend,
    IWorkspaceStore store,
    WarmPool pool,
    WorkspaceEvents events,
    IOptions<SandboxOptions> options,
    ILogger<WorkspaceManager> logger,
    ResourceAdmission admission,
    TimeProvider? time = null,
    SandboxMetrics? metrics = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Workspace> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _createLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _activityDirty = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IShellProcess> _preopenedShells = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SandboxHandle> _pendingRemoval = new(StringComparer.Ordinal);
    private readonly Lock _capacityLock = new();
    private readonly Dictionary<string, int> _reservedByLearner = new(StringComparer.Ordinal);
    private int _reserved;
    private long _reservedMemory;

    private SandboxOptions Options => options.Value;

    public IReadOnlyCollection<Workspace> Live => _live.Values.ToList();
    public int LiveSandboxCount => _live.Values.Sum(w => w.Sandboxes.Count);

    /// <summary>
    /// Returns the learner's live workspace for the lesson, or starts one. Idempotent so that a
    /// page reload (or two tabs) lands in the same shell instead of a second sandbox.
    /// </summary>
    public async Task<Workspace> CreateAsync(string learnerId, string lessonKey, string environment, CancellationToken ct)
    {
        if (FindLive(learnerId, lessonKey) is { } existing) return existing;

        var gate = _createLocks.GetOrAdd($"{learnerId}\n{lessonKey}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (FindLive(learnerId, lessonKey) is { } raced) return raced;

            var spec = environments.Find(environment)
                ?? throw new EnvironmentUnavailableException(environment, $"no environment named '{environment}'", null);
            var availability = await environments.GetAvailabilityAsync(environment, ct);
            if (!availability.Available)
                throw new EnvironmentUnavailableException(environment, availability.Reason ?? "unavailable", availability.InstallHint);

            Reserve(learnerId, spec);
            SandboxHandle sandbox;
            var admitted = _time.GetTimestamp();
            var pooled = pool.TryTake(environment);
            try
            {
                using (metrics?.Starting(environment))
                    sandbox = pooled?.Handle ?? await backend.StartAsync(spec, Ids.New(10), ct);
                metrics?.Started(environment, _time.GetElapsedTime(admitted), fromPool: pooled is not null);
            }
            catch
            {
                Release(learnerId, spec);
                throw;
            }

            var now = _time.GetUtcNow();
            var workspace = new Workspace
            {
                Id = Ids.New(),
                LearnerId = learnerId,
                LessonKey = lessonKey,
                Environment = environment,
                Token = Ids.New(20),
                CreatedAt = now,
                ExpiresAt = now + Options.Lifetime,
                LastActivity = now,
                Sandboxes = [sandbox],
            };
            if (pooled?.Shell is { } shell) _preopenedShells[workspace.Id] = shell;
            // Counted as live before the reservation is released, so a concurrent create on the
            // other core never sees neither and overshoots the cap.
            lock (_capacityLock) _live[workspace.Id] = workspace;
            Release(learnerId, spec);
            try
            {
                await store.SaveAsync(workspace, ct);
            }
            catch
            {
                _live.TryRemove(workspace.Id, out _);
                if (_preopenedShells.TryRemove(workspace.Id, out var orphanShell)) await orphanShell.DisposeAsync();
                await backend.StopAsync(sandbox, CancellationToken.None);
                throw;
            }
            logger.LogInformation("Workspace {WorkspaceId} for learner {LearnerId} lesson {Lesson} on sandbox {SandboxId}",
                workspace.Id, learnerId, lessonKey, sandbox.SandboxId);
            return workspace;
        }
        // Counts the failure by reason; the filter is false, so nothing is caught.
        catch (Exception e) when (metrics?.CreationFailed(environment, e) ?? false)
        {
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private Workspace? FindLive(string learnerId, string lessonKey) =>
        _live.Values.FirstOrDefault(w => w.LearnerId == learnerId && w.LessonKey == lessonKey);

    /// <summary>
    /// Caps are checked and claimed under one lock, before the slow container start, so that
    /// a burst of 200 learners clicking at once cannot overshoot the cap.
    /// </summary>
    private void Reserve(string learnerId, EnvironmentSpec spec)
    {
        lock (_capacityLock)
        {
            if (LiveSandboxCount + _reserved >= Options.MaxSandboxes)
                throw new CapacityExceededException(
                    $"Playground is at capacity ({Options.MaxSandboxes} sandboxes are running). Please try again in a few minutes.", perLearner: false);
            var mine = _live.Values.Count(w => w.LearnerId == learnerId) + _reservedByLearner.GetValueOrDefault(learnerId);
            if (mine >= Options.MaxSandboxesPerLearner)
                throw new CapacityExceededException(
                    $"You already have {mine} sessions open (the limit is {Options.MaxSandboxesPerLearner}). Close one of them to start another.", perLearner: true);
            admission.Check(spec, _live.Values, _reservedMemory);
            _reserved++;
            _reservedMemory += spec.Limits.MemoryBytes;
            _reservedByLearner[learnerId] = _reservedByLearner.GetValueOrDefault(learnerId) + 1;
        }
    }

    private void Release(string learnerId, EnvironmentSpec spec)
    {
        lock (_capacityLock)
        {
            _reserved--;
            _reservedMemory -= spec.Limits.MemoryBytes;
            if (--_reservedByLearner[learnerId] == 0) _reservedByLearner.Remove(learnerId);
        }
    }

    /// <summary>Live, or ended (with its reason) when the store still knows it; null when unknown.</summary>
    public async Task<Workspace?> GetAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        return _live.TryGetValue(id, out var live) ? live : await store.FindAsync(id, ct);
    }

    public Workspace? GetLive(string id) => _live.GetValueOrDefault(id);

    public IReadOnlyList<Workspace> ListForLearner(string learnerId) =>
        _live.Values.Where(w => w.LearnerId == learnerId).OrderBy(w => w.CreatedAt).ToList();

    /// <summary>Terminal input and checks count as activity; they push the idle deadline back.</summary>
    public void Touch(string id)
    {
        var now = _time.GetUtcNow();
        while (_live.TryGetValue(id, out var current))
        {
            var updated = current with { LastActivity = now };
            // Activity after an idle warning moves the deadline away, so the warning no longer holds.
            updated = updated with { Warned = current.Warned && updated.EndsAt(Options.IdleTimeout) - now <= Options.WarningBefore };
            if (_live.TryUpdate(id, updated, current))
            {
                _activityDirty[id] = 0;
                return;
            }
        }
    }

    public async Task<Workspace> ExtendAsync(string id, CancellationToken ct)
    {
        var current = _live.GetValueOrDefault(id) ?? throw new WorkspaceNotFoundException(id);
        if (current.Extended)
            throw new ExtensionRefusedException("This session was already extended once; save your work before it ends.");
        var now = _time.GetUtcNow();
        var updated = current with { ExpiresAt = current.ExpiresAt + Options.Extension, LastActivity = now, Extended = true, Warned = false };
        if (!_live.TryUpdate(id, updated, current)) return await ExtendAsync(id, ct);
        await store.SaveAsync(updated, ct);
        events.Publish(new WorkspaceExtended(updated));
        logger.LogInformation("Workspace {WorkspaceId} extended to {ExpiresAt}", id, updated.ExpiresAt);
        return updated;
    }

    public async Task EndAsync(string id, TerminationReason reason, CancellationToken ct)
    {
        if (!_live.TryRemove(id, out var current)) return;
        var ended = current with { State = WorkspaceState.Ended, EndReason = reason, EndedAt = _time.GetUtcNow() };
        _activityDirty.TryRemove(id, out _);
        if (_preopenedShells.TryRemove(id, out var unused)) await unused.DisposeAsync();
        events.Publish(new WorkspaceEnded(ended, reason));
        logger.LogInformation("Workspace {WorkspaceId} of learner {LearnerId} ended: {Reason}", id, current.LearnerId, reason.Code());
        try
        {
            // Not the caller's token: a learner closing the tab mid-request must not leave a
            // half-ended workspace that a restart would adopt again.
            foreach (var sandbox in current.Sandboxes) await StopOrRetryLaterAsync(sandbox);
        }
        finally
        {
            await store.SaveAsync(ended, CancellationToken.None);
        }
    }

    private async Task StopOrRetryLaterAsync(SandboxHandle sandbox)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await backend.StopAsync(sandbox, timeout.Token);
            _pendingRemoval.TryRemove(sandbox.ContainerId, out _);
        }
        catch (Exception e)
        {
            _pendingRemoval[sandbox.ContainerId] = sandbox;
            logger.LogWarning(e, "Sandbox {SandboxId} could not be removed; the next sweep retries", sandbox.SandboxId);
        }
    }

    public Task<SandboxExecResult> ExecAsync(string id, SandboxExecRequest request, CancellationToken ct)
    {
        var workspace = _live.GetValueOrDefault(id) ?? throw new WorkspaceNotFoundException(id);
        Touch(id);
        var spec = environments.Find(workspace.Environment);
        // Same user and folder as the learner's terminal unless asked otherwise, so a script behaves
        // as it would when typed.
        return backend.ExecAsync(workspace.Sandboxes[0], request with
        {
            User = request.User ?? spec?.User,
            WorkingDirectory = request.WorkingDirectory ?? spec?.WorkingDirectory,
        }, ct);
    }

    /// <summary>Whether the workspace's sandbox still runs: tells "the command was killed" from "the sandbox is gone".</summary>
    public async Task<bool> IsRunningAsync(string id, CancellationToken ct)
    {
        if (_live.GetValueOrDefault(id) is not { } workspace) return false;
        return (await backend.PollAsync(workspace.Sandboxes[0], ct)).State == SandboxRunState.Running;
    }

    /// <summary>A new interactive shell; the first one of a pooled workspace was started with its sandbox.</summary>
    public async Task<IShellProcess> OpenShellAsync(string id, int columns, int rows, CancellationToken ct)
    {
        var workspace = _live.GetValueOrDefault(id) ?? throw new WorkspaceNotFoundException(id);
        if (_preopenedShells.TryRemove(id, out var preopened))
        {
            try
            {
                await preopened.ResizeAsync(columns, rows, ct);
                return preopened;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug("Pre-opened shell of {WorkspaceId} unusable ({Message}); opening a new one", id, e.Message);
                await preopened.DisposeAsync();
            }
        }
        var spec = environments.Find(workspace.Environment)
            ?? throw new EnvironmentUnavailableException(workspace.Environment, "its spec disappeared", null);
        return await backend.OpenShellAsync(workspace.Sandboxes[0], new ShellRequest(spec.Shell, spec.User, spec.WorkingDirectory, columns, rows), ct);
    }

    /// <summary>
    /// One pass of the reaper: ends what is past its deadline, warns what is close, notices
    /// sandboxes that died (crash, OOM), and persists activity timestamps in one batch.
    /// </summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var workspace in _live.Values)
        {
            if (now >= workspace.ExpiresAt) await EndAsync(workspace.Id, TerminationReason.Expired, ct);
            else if (now >= workspace.IdleExpiresAt(Options.IdleTimeout)) await EndAsync(workspace.Id, TerminationReason.Idle, ct);
            else if (!workspace.Warned && workspace.EndsAt(Options.IdleTimeout) - now <= Options.WarningBefore)
            {
                var warned = workspace with { Warned = true };
                if (_live.TryUpdate(workspace.Id, warned, workspace))
                    events.Publish(new WorkspaceWarning(warned, warned.EndsAt(Options.IdleTimeout)));
            }
        }

        await DetectDeadSandboxesAsync(ct);
        foreach (var sandbox in _pendingRemoval.Values) await StopOrRetryLaterAsync(sandbox);

        foreach (var id in _activityDirty.Keys)
        {
            _activityDirty.TryRemove(id, out _);
            if (_live.TryGetValue(id, out var w)) await store.SaveAsync(w, ct);
        }
    }

    private async Task DetectDeadSandboxesAsync(CancellationToken ct)
    {
        if (_live.IsEmpty) return;
        var running = (await backend.ListOwnedAsync(ct)).Where(o => o.Running).Select(o => o.Handle.ContainerId).ToHashSet(StringComparer.Ordinal);
        foreach (var workspace in _live.Values)
        {
            var dead = workspace.Sandboxes.FirstOrDefault(s => !running.Contains(s.ContainerId));
            if (dead is null) continue;
            var status = await backend.PollAsync(dead, ct);
            if (status.State == SandboxRunState.Running) continue;
            await EndAsync(workspace.Id, status.State == SandboxRunState.OutOfMemory ? TerminationReason.OutOfMemory : TerminationReason.Crashed, ct);
        }
    }

    /// <summary>
    /// After a restart: adopt the workspaces whose sandboxes still run, end the others, and remove
    /// every container, volume and network of this instance that nothing owns.
    /// </summary>
    public async Task<RecoveryReport> RecoverAsync(CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        var owned = await backend.ListOwnedAsync(ct);
        var running = owned.Where(o => o.Running).ToDictionary(o => o.Handle.ContainerId, StringComparer.Ordinal);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        int adopted = 0, lost = 0;
        var now = _time.GetUtcNow();
        foreach (var workspace in await store.LoadLiveAsync(ct))
        {
            var alive = workspace.Sandboxes.Count > 0 && workspace.Sandboxes.All(s => running.ContainsKey(s.ContainerId));
            if (alive && now < workspace.ExpiresAt)
            {
                // The server was down, not the learner: restart the idle clock rather than reap at once.
                _live[workspace.Id] = workspace with { LastActivity = now > workspace.LastActivity ? now : workspace.LastActivity };
                foreach (var s in workspace.Sandboxes) keep.Add(s.ContainerId);
                adopted++;
            }
            else
            {
                await store.SaveAsync(workspace with { State = WorkspaceState.Ended, EndReason = TerminationReason.ServerShutdown, EndedAt = now }, ct);
                lost++;
            }
        }
        var removed = 0;
        foreach (var orphan in owned.Where(o => !keep.Contains(o.Handle.ContainerId)))
        {
            try
            {
                await backend.StopAsync(orphan.Handle, ct);
                removed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One container stuck in removal must not keep the server from starting.
                _pendingRemoval[orphan.Handle.ContainerId] = orphan.Handle;
                logger.LogWarning(e, "Orphan sandbox {SandboxId} could not be removed; the sweep retries", orphan.Handle.SandboxId);
            }
        }
        var resources = await backend.RemoveOrphanedResourcesAsync(ct);
        var report = new RecoveryReport(adopted, lost, removed, resources);
        logger.LogInformation("Recovered sandboxes: {Adopted} adopted, {Lost} ended, {Removed} orphan containers and {Resources} volumes/networks removed",
            adopted, lost, removed, resources);
        return report;
    }

    /// <summary>Ends every live workspace (reason server-shutdown) and removes what this instance owns.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        await Parallel.ForEachAsync(_live.Keys.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (id, token) => await EndAsync(id, TerminationReason.ServerShutdown, token));
        await pool.DrainAsync(ct);
        await backend.RemoveOrphanedResourcesAsync(ct);
    }
}

public sealed record RecoveryReport(int Adopted, int Ended, int OrphansRemoved, int ResourcesRemoved);
