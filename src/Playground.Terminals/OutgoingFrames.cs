using System.Net.WebSockets;
using System.Threading.Channels;

namespace Playground.Terminals;

/// <summary>
/// The sending half of one terminal WebSocket, shared by the learner's <see cref="TerminalConnection"/> and an
/// instructor's <see cref="TerminalWatchConnection"/>: one writer loop (WebSocket.SendAsync must not run
/// concurrently), a byte bound on what is queued (a peer that stops reading is cut off instead of growing the
/// server's memory), and the close frame with the first code and reason asked for.
/// </summary>
internal sealed class OutgoingFrames(WebSocket socket, long maxQueuedBytes)
{
    private readonly Channel<byte[]> _frames = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private long _queuedBytes;
    private (int Code, string Reason)? _close;

    public bool IsClosing => _close is not null;

    /// <summary>Queues a frame; false when it would take the queue past the bound (the caller then closes).</summary>
    public bool TryEnqueue(byte[] frame)
    {
        if (_close is not null) return true;
        if (Interlocked.Add(ref _queuedBytes, frame.Length) > maxQueuedBytes) return false;
        _frames.Writer.TryWrite(frame);
        return true;
    }

    /// <summary>Sends what is queued, then closes with <paramref name="code"/> (the first close asked for wins).</summary>
    public void Close(int code, string reason)
    {
        _close ??= (code, reason);
        _frames.Writer.TryComplete();
    }

    /// <summary>No more frames: the loop sends what is queued, then a normal close (or the one asked for).</summary>
    public void Complete() => _frames.Writer.TryComplete();

    /// <summary>
    /// The writer loop; returns after the close frame. <paramref name="abort"/> bounds a send to a peer that stopped
    /// reading (the socket is then aborted). <paramref name="sent"/> sees every frame after it went out.
    /// </summary>
    public async Task RunAsync(Action<byte[]>? sent, CancellationToken abort)
    {
        try
        {
            await foreach (var frame in _frames.Reader.ReadAllAsync(CancellationToken.None))
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, abort);
                Interlocked.Add(ref _queuedBytes, -frame.Length);
                sent?.Invoke(frame);
            }
            // Answer the peer's close, or close ourselves (protocol error, replaced, ended).
            var close = _close ?? ((int)WebSocketCloseStatus.NormalClosure, "");
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                // WebSocket close reasons are limited to 123 bytes of UTF-8.
                var reason = close.Reason.Length > 120 ? close.Reason[..120] : close.Reason;
                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            if (abort.IsCancellationRequested) socket.Abort();
        }
    }
}
