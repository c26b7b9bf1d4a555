using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Workspaces;
using Playground.Terminals.Protocol;
using Playground.Terminals.Sessions;

namespace Playground.Terminals;

/// <summary>
/// Bridges one WebSocket to one <see cref="TerminalSession"/>. All sends go through a single
/// writer loop because WebSocket.SendAsync must not be called concurrently.
/// </summary>
public sealed class TerminalConnection : ITerminalClient
{
    private const int MaxMessageBytes = ClientFrame.MaxInputBytes + 1;
    // Output is bounded by ACK credit, but a client can lie about ACKs and stop reading; then this
    // queue is what grows. Past this many bytes the client is cut off instead of the server's memory.
    private const long MaxQueuedBytes = 4L * 1024 * 1024;
    private const int MaxQueuedPongs = 64;

    private readonly WebSocket _socket;
    private readonly TerminalSession _session;
    private readonly WorkspaceManager _workspaces;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly OutgoingFrames _outgoing;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _sendAbort = new();
    private readonly Channel<byte[]> _input = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
    private int _queuedPongs;
    private DateTimeOffset _lastTouch;

    private readonly TerminalMetrics? _metrics;

    /// <summary>A connection of <paramref name="socket"/> to <paramref name="session"/>.</summary>
    public TerminalConnection(WebSocket socket, TerminalSession session, WorkspaceManager workspaces, ILogger logger, TimeProvider time,
        TerminalMetrics? metrics = null)
    {
        _metrics = metrics;
        _socket = socket;
        _session = session;
        _workspaces = workspaces;
        _logger = logger;
        _time = time;
        _outgoing = new OutgoingFrames(socket, MaxQueuedBytes);
    }

    /// <inheritdoc />
    public void Enqueue(byte[] frame)
    {
        if (!_outgoing.TryEnqueue(frame)) Reject(CloseCodes.TooLarge, "the client stopped reading its output");
    }

    /// <inheritdoc />
    public void Close(int code, string reason) => _outgoing.Close(code, reason);

    /// <summary>Runs the connection until the socket or the session closes.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var connected = _metrics?.Connected();
        _session.Attach(this);
        var sender = SendLoopAsync();
        var writer = InputLoopAsync();
        try
        {
            await ReceiveLoopAsync(ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The browser went away (tab closed, network dropped): the session waits for a reconnect.
        }
        finally
        {
            _session.Detach(this);
            _outgoing.Complete();
            _input.Writer.TryComplete();
            // A peer that stopped reading would hold the last send forever: give it a few seconds.
            _sendAbort.CancelAfter(TimeSpan.FromSeconds(5));
            await sender;
            await writer;
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        var buffer = new byte[MaxMessageBytes + 1];
        while (_socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    Reject(CloseCodes.TooLarge, $"frame larger than {ClientFrame.MaxInputBytes} bytes of input");
                    return;
                }
                result = await _socket.ReceiveAsync(buffer.AsMemory(length), linked.Token);
                if (result.MessageType == WebSocketMessageType.Close) return;
                length += result.Count;
            } while (!result.EndOfMessage);

            if (result.MessageType != WebSocketMessageType.Binary)
            {
                Reject(CloseCodes.Malformed, "text frames are not part of the protocol");
                return;
            }
            if (length > MaxMessageBytes)
            {
                Reject(CloseCodes.TooLarge, $"frame larger than {ClientFrame.MaxInputBytes} bytes of input");
                return;
            }

            var parsed = ClientFrame.Parse(buffer.AsMemory(0, length));
            if (parsed.Frame is null)
            {
                Reject(parsed.CloseCode, parsed.Error!);
                return;
            }
            await HandleAsync(parsed.Frame, linked.Token);
        }
    }

    private async Task HandleAsync(ClientFrame frame, CancellationToken ct)
    {
        switch (frame)
        {
            case ClientFrame.Input input:
                // Input goes through its own queue and writer: a shell blocked on output must not
                // keep the ACKs that would unblock it waiting behind a large paste.
                // Copy: the receive buffer is reused for the next frame.
                _metrics?.Input(input.Bytes.Length);
                await _input.Writer.WriteAsync(input.Bytes.ToArray(), ct);
                TouchThrottled();
                break;
            case ClientFrame.Resize resize:
                try
                {
                    await _session.ResizeAsync(resize.Columns, resize.Rows, ct);
                }
                catch (Playground.Sandboxes.Backends.SandboxException e)
                {
                    // The shell may have exited a moment ago; a resize of nothing is not an error.
                    _logger.LogDebug("Resize of terminal {WorkspaceId}/{Index} ignored: {Message}", _session.WorkspaceId, _session.Index, e.Message);
                }
                break;
            case ClientFrame.Ack ack:
                _session.Acknowledge(ack.Bytes);
                break;
            case ClientFrame.Control:
                Reject(CloseCodes.Malformed, "only an instructor's watch connection can take over a terminal");
                break;
            case ClientFrame.Ping ping:
                // A client that pings without reading gets no more answers than this many.
                if (Interlocked.Increment(ref _queuedPongs) <= MaxQueuedPongs) Enqueue(ServerFrames.Pong(ping.Payload.Span));
                else Interlocked.Decrement(ref _queuedPongs);
                break;
        }
    }

    private async Task InputLoopAsync()
    {
        try
        {
            await foreach (var bytes in _input.Reader.ReadAllAsync())
                await _session.WriteInputAsync(bytes, _sendAbort.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The shell or the connection is gone; the session reports what happened.
        }
    }

    /// <summary>Keystrokes are activity, but one store write per keystroke is not needed.</summary>
    private void TouchThrottled()
    {
        var now = _time.GetUtcNow();
        if (now - _lastTouch < TimeSpan.FromSeconds(1)) return;
        _lastTouch = now;
        _workspaces.Touch(_session.WorkspaceId);
    }

    private void Reject(int code, string reason)
    {
        _logger.LogWarning("Terminal {WorkspaceId}/{Index}: closing connection with {CloseCode}: {Reason}", _session.WorkspaceId, _session.Index, code, reason);
        Close(code, reason);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await _outgoing.RunAsync(frame =>
            {
                _metrics?.Output(frame.Length);
                if (frame[0] == Opcodes.Pong) Interlocked.Decrement(ref _queuedPongs);
            }, _sendAbort.Token);
        }
        finally
        {
            // Stop the receive loop too: after our close frame we only wait briefly for theirs.
            _closing.CancelAfter(TimeSpan.FromSeconds(2));
        }
    }
}
