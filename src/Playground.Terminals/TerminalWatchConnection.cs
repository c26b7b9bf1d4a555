using System.Net.WebSockets;
using System.Threading.Channels;
using Playground.Terminals.Protocol;
using Playground.Terminals.Sessions;

namespace Playground.Terminals;

/// <summary>
/// A read-only WebSocket onto a <see cref="TerminalSession"/> (an instructor watching a learner's shell):
/// the same OUTPUT and STATUS frames as the learner gets, replay included. Anything the viewer sends is
/// read and dropped, so a watcher can never type into the learner's shell. A viewer that stops reading is
/// closed (4409) rather than buffered without bound; it never slows the learner down.
/// </summary>
public sealed class TerminalWatchConnection(WebSocket socket, TerminalSession session) : ITerminalClient
{
    private const long MaxQueuedBytes = 4L * 1024 * 1024;
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private long _queuedBytes;
    private (int Code, string Reason)? _close;

    public void Enqueue(byte[] frame)
    {
        if (_close is not null) return;
        if (Interlocked.Add(ref _queuedBytes, frame.Length) > MaxQueuedBytes)
        {
            Close(CloseCodes.TooLarge, "the viewer stopped reading");
            return;
        }
        _outgoing.Writer.TryWrite(frame);
    }

    public void Close(int code, string reason)
    {
        _close ??= (code, reason);
        _outgoing.Writer.TryComplete();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        session.AttachWatcher(this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sender = SendLoopAsync(stop.Token);
        try
        {
            var buffer = new byte[1024];
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                // Input, resize and ACK frames of a viewer are ignored: read-only by construction.
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            session.DetachWatcher(this);
            _outgoing.Writer.TryComplete();
            stop.CancelAfter(TimeSpan.FromSeconds(5));
            await sender;
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(ct))
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct);
                Interlocked.Add(ref _queuedBytes, -frame.Length);
            }
            var close = _close ?? ((int)WebSocketCloseStatus.NormalClosure, "");
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason.Length > 120 ? close.Reason[..120] : close.Reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }
}
