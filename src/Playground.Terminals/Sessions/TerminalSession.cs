using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Backends;
using Playground.Terminals.Protocol;

namespace Playground.Terminals.Sessions;

/// <summary>
/// One shell in one workspace, independent of any WebSocket: it keeps running, and keeps its
/// recent output, while the browser reconnects.
/// </summary>
public sealed class TerminalSession : IAsyncDisposable
{
    private readonly IShellProcess _shell;
    private readonly TerminalOptions _options;
    private readonly ILogger _logger;
    private readonly ReplayBuffer _replay;
    private readonly OutputCredit _credit;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _inputLock = new(1, 1);
    private readonly TaskCompletionSource<long?> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private ITerminalClient? _client;
    // Read-only viewers (an instructor watching): they get the replay and the live output, never
    // send input, and never hold back the shell (no flow-control credit; a slow one is cut off by its queue).
    private ITerminalClient[] _watchers = [];
    // The watcher that took over (may type) and the instructor's name the learner is shown; null when nobody did.
    private (ITerminalClient Watcher, string By)? _controller;
    private int _disposed;
    private bool _startAnnounced;

    /// <summary>A session over <paramref name="shell"/>, terminal <paramref name="index"/> of <paramref name="workspaceId"/>.</summary>
    public TerminalSession(string workspaceId, int index, IShellProcess shell, TerminalOptions options, ILogger logger, TimeProvider time)
    {
        WorkspaceId = workspaceId;
        Index = index;
        _shell = shell;
        _options = options;
        _logger = logger;
        _replay = new ReplayBuffer(options.ReplayBytes);
        _credit = new OutputCredit(options.HighWaterBytes, options.LowWaterBytes);
        Time = time;
        DetachedSince = time.GetUtcNow();
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>
    /// Why this shell is new although the terminal had one before (<c>new-shell</c>: the old one was closed after its
    /// detach grace); sent once, as the reason of the first <c>attached</c> STATUS, so the page can say so.
    /// </summary>
    public string? StartReason { get; init; }

    /// <summary>The workspace.</summary>
    public string WorkspaceId { get; }
    /// <summary>The terminal's number in the workspace (1-based).</summary>
    public int Index { get; }
    private TimeProvider Time { get; }
    /// <summary>Since when no client is attached, or null while one is.</summary>
    public DateTimeOffset? DetachedSince { get; private set; }
    /// <summary>Whether the shell exited.</summary>
    public bool HasExited => _exited.Task.IsCompleted;
    /// <summary>Completes with the shell's exit code (null when unknown) when it exits.</summary>
    public Task<long?> Exited => _exited.Task;
    /// <summary>Output bytes sent and not acknowledged.</summary>
    public long Unacknowledged => _credit.Unacknowledged;

    /// <summary>
    /// Makes <paramref name="client"/> the one connection of this terminal: replays recent output
    /// to it, then streams live. Done under the pump's lock so no byte is lost or duplicated
    /// between the replay and the live stream.
    /// </summary>
    public void Attach(ITerminalClient client)
    {
        ITerminalClient? previous;
        lock (_lock)
        {
            previous = _client;
            _client = client;
            DetachedSince = null;
            _credit.Reset();
            client.Enqueue(ServerFrames.Status(TerminalStatus.Replay));
            var replay = _replay.Snapshot();
            for (var offset = 0; offset < replay.Length; offset += _options.ReadChunkBytes)
            {
                var chunk = replay.AsSpan(offset, Math.Min(_options.ReadChunkBytes, replay.Length - offset));
                client.Enqueue(ServerFrames.Output(chunk));
                _credit.Sent(chunk.Length);
            }
            client.Enqueue(ServerFrames.Status(StartReason is { } reason && !_startAnnounced
                ? new TerminalStatus("attached", Reason: reason)
                : TerminalStatus.Attached));
            _startAnnounced = true;
            // A learner who (re)opens the terminal during a take-over is told at once.
            if (_controller is { } controller) client.Enqueue(ServerFrames.Status(new TerminalStatus("takeover", By: controller.By)));
        }
        previous?.Close(CloseCodes.Replaced, "this terminal was opened in another window");
    }

    /// <summary>
    /// Adds a read-only viewer: it receives the replay, then the same live output as the learner. It does not
    /// replace the learner's connection and the learner's flow control does not wait for it.
    /// </summary>
    public void AttachWatcher(ITerminalClient watcher)
    {
        lock (_lock)
        {
            _watchers = [.. _watchers, watcher];
            watcher.Enqueue(ServerFrames.Status(TerminalStatus.Replay));
            var replay = _replay.Snapshot();
            for (var offset = 0; offset < replay.Length; offset += _options.ReadChunkBytes)
                watcher.Enqueue(ServerFrames.Output(replay.AsSpan(offset, Math.Min(_options.ReadChunkBytes, replay.Length - offset))));
            watcher.Enqueue(ServerFrames.Status(TerminalStatus.Attached));
        }
    }

    /// <summary>Removes a viewer; a viewer that had taken over hands the terminal back (the learner is told).</summary>
    public void DetachWatcher(ITerminalClient watcher)
    {
        lock (_lock) _watchers = _watchers.Where(w => !ReferenceEquals(w, watcher)).ToArray();
        Release(watcher);
    }

    /// <summary>
    /// Lets <paramref name="watcher"/> type into this terminal, and tells the learner (STATUS <c>takeover</c> with
    /// <paramref name="by"/>). False when another watcher holds it already; true again for the holder.
    /// </summary>
    public bool TakeOver(ITerminalClient watcher, string by)
    {
        lock (_lock)
        {
            if (_controller is { } current) return ReferenceEquals(current.Watcher, watcher);
            if (!_watchers.Contains(watcher)) return false;
            _controller = (watcher, by);
            _client?.Enqueue(ServerFrames.Status(new TerminalStatus("takeover", By: by)));
            return true;
        }
    }

    /// <summary>Hands the terminal back if <paramref name="watcher"/> holds it (STATUS <c>released</c>); false otherwise.</summary>
    public bool Release(ITerminalClient watcher)
    {
        lock (_lock)
        {
            if (_controller is not { } current || !ReferenceEquals(current.Watcher, watcher)) return false;
            _controller = null;
            _client?.Enqueue(ServerFrames.Status(new TerminalStatus("released", By: current.By)));
            return true;
        }
    }

    /// <summary>Whether <paramref name="watcher"/> has taken over this terminal (and may send input).</summary>
    public bool IsControlledBy(ITerminalClient watcher)
    {
        lock (_lock) return _controller is { } current && ReferenceEquals(current.Watcher, watcher);
    }

    /// <summary>The instructor who has taken over this terminal, or null.</summary>
    public string? TakenOverBy { get { lock (_lock) return _controller?.By; } }

    /// <summary>Read-only watchers attached.</summary>
    public int WatcherCount { get { lock (_lock) return _watchers.Length; } }

    /// <summary>Detaches <paramref name="client"/> if it is the attached one.</summary>
    public void Detach(ITerminalClient client)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_client, client)) return;
            _client = null;
            DetachedSince = Time.GetUtcNow();
        }
        _credit.Reset();
    }

    /// <summary>Sends a STATUS frame to the attached client, if any.</summary>
    public void Notify(TerminalStatus status)
    {
        lock (_lock) _client?.Enqueue(ServerFrames.Status(status));
    }

    /// <summary>Counts <paramref name="bytes"/> of output acknowledged by the client.</summary>
    public void Acknowledge(uint bytes) => _credit.Acknowledged(bytes);

    /// <summary>Writes keystrokes to the shell.</summary>
    public async Task WriteInputAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await _inputLock.WaitAsync(ct);
        try
        {
            await _shell.Stream.WriteAsync(bytes, ct);
            await _shell.Stream.FlushAsync(ct);
        }
        finally
        {
            _inputLock.Release();
        }
    }

    /// <summary>Resizes the shell's TTY.</summary>
    public Task ResizeAsync(int columns, int rows, CancellationToken ct) => _shell.ResizeAsync(columns, rows, ct);

    private async Task PumpAsync()
    {
        var buffer = new byte[_options.ReadChunkBytes];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _credit.WaitForCreditAsync(_stop.Token);
                var read = await _shell.Stream.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                lock (_lock)
                {
                    _replay.Append(buffer.AsSpan(0, read));
                    if (_watchers.Length > 0)
                    {
                        var frame = ServerFrames.Output(buffer.AsSpan(0, read));
                        foreach (var watcher in _watchers) watcher.Enqueue(frame);
                    }
                    if (_client is { } client)
                    {
                        client.Enqueue(ServerFrames.Output(buffer.AsSpan(0, read)));
                        _credit.Sent(read);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _logger.LogDebug("Terminal {WorkspaceId}/{Index} stream closed: {Message}", WorkspaceId, Index, e.Message);
        }

        long? exitCode = null;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            for (var i = 0; i < 20 && exitCode is null; i++)
            {
                exitCode = await _shell.GetExitCodeAsync(cts.Token);
                if (exitCode is null) await Task.Delay(50, cts.Token);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The container may be gone already (workspace ended); the exit code is then unknown.
        }
        _exited.TrySetResult(exitCode);
        lock (_lock)
        {
            _client?.Enqueue(ServerFrames.Status(new TerminalStatus("exited",
                Message: exitCode is { } code ? $"the shell exited with code {code}" : "the shell ended", ExitCode: exitCode)));
        }
    }

    /// <summary>Ends the session: tells the client why, closes it, and releases the shell.</summary>
    public async Task EndAsync(TerminalStatus status, int closeCode, string closeReason)
    {
        ITerminalClient? client;
        ITerminalClient[] watchers;
        lock (_lock)
        {
            client = _client;
            _client = null;
            (watchers, _watchers) = (_watchers, []);
            _controller = null;
        }
        foreach (var watcher in watchers)
        {
            watcher.Enqueue(ServerFrames.Status(status));
            watcher.Close(closeCode, closeReason);
        }
        if (client is not null)
        {
            client.Enqueue(ServerFrames.Status(status));
            client.Close(closeCode, closeReason);
        }
        await DisposeAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        // Closing the hijacked stream hangs up the TTY: bash gets EOF/SIGHUP and exits.
        await _shell.DisposeAsync();
        try { await _pump.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        _stop.Dispose();
    }
}
