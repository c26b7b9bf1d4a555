using System.Collections.Concurrent;
using Playground.Sandboxes.Concurrency;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Workspaces;
using Playground.Terminals.Protocol;

namespace Playground.Terminals.Sessions;

/// <summary>
/// Every live terminal session, keyed by workspace and terminal index. Starts shells on first
/// attach, ends them when their workspace ends, and reaps those left detached past the grace.
/// </summary>
public sealed class TerminalSessions(
    WorkspaceManager workspaces,
    WorkspaceEvents events,
    IOptions<TerminalOptions> options,
    ILoggerFactory loggers,
    TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = loggers.CreateLogger<TerminalSessions>();
    private readonly ConcurrentDictionary<(string Workspace, int Index), TerminalSession> _sessions = new();
    private readonly KeyedLock<(string Workspace, int Index)> _startLocks = new();
    private readonly ConcurrentDictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    // Terminals whose shell the sweep closed after the detach grace: their next shell is announced as new.
    private readonly ConcurrentDictionary<(string Workspace, int Index), byte> _abandoned = new();

    /// <summary>Open sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>The running session of this terminal, if any; never starts one.</summary>
    public TerminalSession? Find(string workspaceId, int index) =>
        _sessions.TryGetValue((workspaceId, index), out var session) && !session.HasExited ? session : null;

    /// <summary>The running session of this terminal, or a new shell when there is none (or it exited).</summary>
    public async Task<TerminalSession> GetOrStartAsync(Workspace workspace, int index, int columns, int rows, CancellationToken ct)
    {
        var key = (workspace.Id, index);
        if (_sessions.TryGetValue(key, out var existing) && !existing.HasExited) return existing;

        using (await _startLocks.AcquireAsync(key, ct))
        {
            if (_sessions.TryGetValue(key, out existing))
            {
                if (!existing.HasExited) return existing;
                _sessions.TryRemove(key, out _);
                await existing.DisposeAsync();
            }
            var shell = await workspaces.OpenShellAsync(workspace.Id, columns, rows, ct);
            var session = new TerminalSession(workspace.Id, index, shell, options.Value, _logger, _time)
            {
                StartReason = _abandoned.TryRemove(key, out _) ? "new-shell" : null,
            };
            _sessions[key] = session;
            _subscriptions.GetOrAdd(workspace.Id, id => events.Subscribe(id, OnWorkspaceEvent));
            _logger.LogInformation("Terminal {WorkspaceId}/{Index} started shell {ShellId}", workspace.Id, index, shell.Id);
            return session;
        }
    }

    private void OnWorkspaceEvent(WorkspaceEvent e)
    {
        var sessions = _sessions.Where(kv => kv.Key.Workspace == e.Workspace.Id).Select(kv => kv.Value).ToList();
        switch (e)
        {
            case WorkspaceWarning w:
                var warning = new TerminalStatus("warning", Message: "This session ends soon unless you extend it or keep working.", ExpiresAt: w.EndsAt);
                foreach (var s in sessions) s.Notify(warning);
                break;
            case WorkspaceExtended x:
                foreach (var s in sessions) s.Notify(new TerminalStatus("extended", ExpiresAt: x.Workspace.ExpiresAt));
                break;
            case WorkspaceEnded ended:
                _subscriptions.TryRemove(e.Workspace.Id, out _);
                foreach (var key in _abandoned.Keys.Where(k => k.Workspace == e.Workspace.Id)) _abandoned.TryRemove(key, out _);
                var status = new TerminalStatus("expired", ended.Reason.Code(), ended.Reason.Describe());
                foreach (var s in sessions)
                {
                    _sessions.TryRemove((s.WorkspaceId, s.Index), out _);
                    _ = s.EndAsync(status, CloseCodes.Ended, ended.Reason.Code());
                }
                break;
        }
    }

    /// <summary>Ends sessions detached for longer than the grace period, and those whose shell exited.</summary>
    public async Task SweepAsync()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, session) in _sessions)
        {
            var abandoned = session.DetachedSince is { } since && now - since > options.Value.DetachGrace;
            if (!abandoned && !(session.HasExited && session.DetachedSince is not null)) continue;
            if (!_sessions.TryRemove(key, out _)) continue;
            if (abandoned && !session.HasExited) _abandoned[key] = 0;
            _logger.LogInformation("Terminal {WorkspaceId}/{Index} closed: {Why}", key.Workspace, key.Index, abandoned ? "no client reconnected" : "shell exited");
            try
            {
                await session.DisposeAsync();
            }
            catch (Exception e)
            {
                // One shell that will not go quietly must not stop the sweep (or the host).
                _logger.LogWarning(e, "Terminal {WorkspaceId}/{Index} did not close cleanly", key.Workspace, key.Index);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await SweepAsync(); }
                catch (Exception e) when (e is not OperationCanceledException) { _logger.LogError(e, "Terminal sweep failed; the next tick retries"); }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var session in _sessions.Values)
            await session.EndAsync(new TerminalStatus("expired", "server-shutdown", "the server was shut down"), CloseCodes.Ended, "server-shutdown");
        _sessions.Clear();
    }
}
