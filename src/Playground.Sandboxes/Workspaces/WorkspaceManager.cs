using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Concurrency;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// What the rest of Playground asks of workspaces: create (idempotently, within the caps), find,
/// touch, extend, end, and run commands and shells in them. The jobs behind it live in small
/// types: <see cref="WorkspaceRegistry"/> (live state), <see cref="WorkspaceAdmission"/> (caps),
/// <see cref="WorkspaceSweeper"/> (clocks, dead sandboxes), <see cref="WorkspaceRecovery"/>
/// (restart and shutdown) and <see cref="WorkspaceTerminator"/> (ending). Every transition is
/// written through to the store.
/// </summary>
public sealed class WorkspaceManager(
    EnvironmentCatalog environments,
    ISandboxBackend backend,
    IWorkspaceStore store,
    WarmPool pool,
    WorkspaceRegistry registry,
    WorkspaceAdmission admission,
    WorkspaceTerminator terminator,
    WorkspaceSweeper sweeper,
    WorkspaceRecovery recovery,
    WorkspaceEvents events,
    IOptions<SandboxOptions> options,
    ILogger<WorkspaceManager> logger,
    TimeProvider? time = null,
    SandboxMetrics? metrics = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly KeyedLock<(string Learner, string Lesson)> _createLocks = new();

    private SandboxOptions Options => options.Value;

    /// <summary>A snapshot of every live workspace.</summary>
    public IReadOnlyCollection<Workspace> Live => registry.All;

    /// <summary>Sandboxes held by live workspaces.</summary>
    public int LiveSandboxCount => registry.SandboxCount;

    /// <summary>
    /// Returns the learner's live workspace for the lesson, or starts one. Idempotent so that a
    /// page reload (or two tabs) lands in the same shell instead of a second sandbox. Throws
    /// <see cref="EnvironmentUnavailableException"/>, <see cref="CapacityExceededException"/> or
    /// <see cref="SandboxStartException"/>, each with a message for the learner.
    /// </summary>
    public Task<Workspace> CreateAsync(string learnerId, string lessonKey, string environment, CancellationToken ct) =>
        CreateAsync(learnerId, lessonKey, environment, WorkspaceTerms.Default, ct);

    /// <summary>
    /// As <see cref="CreateAsync(string, string, string, CancellationToken)"/>, under <paramref name="terms"/>: the
    /// workspace's own clocks and the admission group whose reserved seats it may use.
    /// </summary>
    public async Task<Workspace> CreateAsync(string learnerId, string lessonKey, string environment, WorkspaceTerms terms, CancellationToken ct)
    {
        if (registry.Find(learnerId, lessonKey) is { } existing) return existing;

        try
        {
            return await CreateLockedAsync(learnerId, lessonKey, environment, terms, null, ct);
        }
        // Counts the failure by reason; the filter is false, so nothing is caught.
        catch (Exception e) when (metrics?.CreationFailed(environment, e) ?? false)
        {
            throw;
        }
    }

    /// <summary>
    /// Replaces <paramref name="old"/> with a fresh workspace for the same learner, lesson and environment under
    /// <paramref name="terms"/> (a reset), keeping its seat: the new sandbox's place is claimed before the old workspace
    /// ends (<see cref="TerminationReason.Destroyed"/>), so neither the queue nor another learner can take it meanwhile.
    /// Throws as <see cref="CreateAsync(string, string, string, WorkspaceTerms, CancellationToken)"/>; when the claim
    /// is refused the old workspace is left running.
    /// </summary>
    public async Task<Workspace> ReplaceAsync(Workspace old, WorkspaceTerms terms, CancellationToken ct)
    {
        try
        {
            return await CreateLockedAsync(old.LearnerId, old.LessonKey, old.Environment, terms, old, ct);
        }
        catch (Exception e) when (metrics?.CreationFailed(old.Environment, e) ?? false)
        {
            throw;
        }
    }

    private async Task<Workspace> CreateLockedAsync(string learnerId, string lessonKey, string environment, WorkspaceTerms terms, Workspace? replacing, CancellationToken ct)
    {
        using (await _createLocks.AcquireAsync((learnerId, lessonKey), ct))
        {
            if (registry.Find(learnerId, lessonKey) is { } raced && raced.Id != replacing?.Id) return raced;

            var spec = environments.Find(environment)
                ?? throw new EnvironmentUnavailableException(environment, $"no environment named '{environment}'", null);
            var availability = await environments.GetAvailabilityAsync(environment, ct);
            if (!availability.Available)
                throw new EnvironmentUnavailableException(environment, availability.Reason ?? "unavailable", availability.InstallHint);

            // A pooled sandbox's memory is already counted; taking it first lets admission not count it twice.
            var pooled = pool.TryTake(environment);
            WorkspaceAdmission.Reservation reservation;
            try
            {
                reservation = admission.Reserve(learnerId, spec, terms.Group, fromPool: pooled is not null, replacing: replacing);
            }
            catch when (pooled is not null)
            {
                pool.Return(environment, pooled);
                throw;
            }
            using var _ = reservation;
            // The reservation holds the seat while the replaced workspace goes.
            if (replacing is not null) await terminator.EndAsync(replacing.Id, TerminationReason.Destroyed, ct);
            var admitted = _time.GetTimestamp();
            SandboxHandle sandbox;
            using (metrics?.Starting(environment))
                sandbox = pooled?.Handle ?? await backend.StartAsync(spec, Ids.New(10), ct);
            metrics?.Started(environment, _time.GetElapsedTime(admitted), fromPool: pooled is not null);

            var now = _time.GetUtcNow();
            var workspace = new Workspace
            {
                Id = Ids.New(),
                LearnerId = learnerId,
                LessonKey = lessonKey,
                Environment = environment,
                Token = Ids.New(20),
                CreatedAt = now,
                ExpiresAt = now + (terms.Lifetime ?? Options.Lifetime),
                LastActivity = now,
                Sandboxes = [sandbox],
                IdleTimeout = terms.IdleTimeout,
                AdmissionGroup = terms.Group,
            };
            if (pooled?.Shell is { } shell) registry.AttachPreopenedShell(workspace.Id, shell);
            admission.Admit(reservation, workspace);
            try
            {
                await store.SaveAsync(workspace, ct);
            }
            catch
            {
                registry.Remove(workspace.Id);
                if (registry.TakePreopenedShell(workspace.Id) is { } orphanShell) await orphanShell.DisposeAsync();
                await backend.RemoveAsync(sandbox, CancellationToken.None);
                throw;
            }
            logger.LogInformation("Workspace {WorkspaceId} for learner {LearnerId} lesson {Lesson} on sandbox {SandboxId}",
                workspace.Id, learnerId, lessonKey, sandbox.SandboxId);
            return workspace;
        }
    }

    /// <summary>Live, or ended (with its reason) when the store still knows it; null when unknown.</summary>
    public async Task<Workspace?> GetAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        return registry.Get(id) ?? await store.FindAsync(id, ct);
    }

    /// <summary>The live workspace, or null.</summary>
    public Workspace? GetLive(string id) => registry.Get(id);

    /// <summary>The learner's live workspaces, oldest first.</summary>
    public IReadOnlyList<Workspace> ListForLearner(string learnerId) => registry.ForLearner(learnerId);

    /// <summary>Terminal input and checks count as activity; they push the idle deadline back.</summary>
    public void Touch(string id)
    {
        var now = _time.GetUtcNow();
        while (registry.Get(id) is { } current)
        {
            var updated = current with { LastActivity = now };
            // Activity after an idle warning moves the deadline away, so the warning no longer holds.
            updated = updated with { Warned = current.Warned && updated.EndsAt(Options.IdleTimeout) - now <= Options.WarningBefore };
            if (registry.TryUpdate(current, updated))
            {
                registry.MarkActivity(id);
                return;
            }
        }
    }

    /// <summary>Adds <see cref="SandboxOptions.Extension"/> to the lifetime, once; throws <see cref="ExtensionRefusedException"/> the second time.</summary>
    public async Task<Workspace> ExtendAsync(string id, CancellationToken ct)
    {
        while (true)
        {
            var current = registry.Get(id) ?? throw new WorkspaceNotFoundException(id);
            if (current.Extended)
                throw new ExtensionRefusedException("This session was already extended once; save your work before it ends.");
            var now = _time.GetUtcNow();
            var updated = current with { ExpiresAt = current.ExpiresAt + Options.Extension, LastActivity = now, Extended = true, Warned = false };
            if (!registry.TryUpdate(current, updated)) continue;
            await store.SaveAsync(updated, ct);
            events.Publish(new WorkspaceExtended(updated));
            logger.LogInformation("Workspace {WorkspaceId} extended to {ExpiresAt}", id, updated.ExpiresAt);
            return updated;
        }
    }

    /// <inheritdoc cref="WorkspaceTerminator.EndAsync"/>
    public Task EndAsync(string id, TerminationReason reason, CancellationToken ct) => terminator.EndAsync(id, reason, ct);

    /// <summary>
    /// Runs a command in the workspace's sandbox, by default as the environment's user in its
    /// working folder (so a script behaves as it would when typed). Counts as activity. Throws
    /// <see cref="WorkspaceNotFoundException"/> or the backend's <see cref="SandboxException"/>s.
    /// </summary>
    public Task<SandboxExecResult> ExecAsync(string id, SandboxExecRequest request, CancellationToken ct)
    {
        var workspace = registry.Get(id) ?? throw new WorkspaceNotFoundException(id);
        Touch(id);
        var spec = environments.Find(workspace.Environment);
        return backend.RunAsync(workspace.Sandboxes[0], request with
        {
            User = request.User ?? spec?.User,
            WorkingDirectory = request.WorkingDirectory ?? spec?.WorkingDirectory,
        }, ct);
    }

    /// <summary>
    /// A TCP connection to <c>127.0.0.1:<paramref name="port"/></c> in the workspace's sandbox (web previews). Counts as
    /// activity. Throws <see cref="WorkspaceNotFoundException"/> or the backend's <see cref="SandboxException"/>s
    /// (<see cref="SandboxPortClosedException"/> when nothing listens there).
    /// </summary>
    public Task<Stream> OpenPortStreamAsync(string id, int port, CancellationToken ct)
    {
        var workspace = registry.Get(id) ?? throw new WorkspaceNotFoundException(id);
        Touch(id);
        return backend.OpenPortStreamAsync(workspace.Sandboxes[0], port, ct);
    }

    /// <summary>Whether the workspace's sandbox still runs: tells "the command was killed" from "the sandbox is gone".</summary>
    public async Task<bool> IsRunningAsync(string id, CancellationToken ct)
    {
        if (registry.Get(id) is not { } workspace) return false;
        return (await backend.GetStatusAsync(workspace.Sandboxes[0], ct)).State == SandboxRunState.Running;
    }

    /// <summary>A new interactive shell; the first one of a pooled workspace was started with its sandbox.</summary>
    public async Task<IShellProcess> OpenShellAsync(string id, int columns, int rows, CancellationToken ct)
    {
        var workspace = registry.Get(id) ?? throw new WorkspaceNotFoundException(id);
        if (registry.TakePreopenedShell(id) is { } preopened)
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
        return await backend.StartShellAsync(workspace.Sandboxes[0], new ShellRequest(spec.Shell, spec.User, spec.WorkingDirectory, columns, rows), ct);
    }

    /// <inheritdoc cref="WorkspaceSweeper.SweepAsync"/>
    public Task SweepAsync(CancellationToken ct) => sweeper.SweepAsync(ct);

    /// <inheritdoc cref="WorkspaceSweeper.OnSandboxStoppedAsync"/>
    public Task OnSandboxStoppedAsync(SandboxStopped stopped, CancellationToken ct) => sweeper.OnSandboxStoppedAsync(stopped, ct);

    /// <inheritdoc cref="WorkspaceRecovery.RecoverAsync"/>
    public Task<RecoveryReport> RecoverAsync(CancellationToken ct) => recovery.RecoverAsync(ct);

    /// <inheritdoc cref="WorkspaceRecovery.ShutdownAsync"/>
    public Task ShutdownAsync(CancellationToken ct) => recovery.ShutdownAsync(ct);
}
