using System.Net.WebSockets;
using Playground.Terminals.Protocol;
using Playground.Terminals.Sessions;

namespace Playground.Terminals;

/// <summary>
/// An instructor's WebSocket onto a learner's <see cref="TerminalSession"/>: the same OUTPUT and STATUS frames as
/// the learner gets, replay included, read-only until the instructor explicitly takes over (a CONTROL frame,
/// see PROTOCOL.md). Input sent before that is refused with STATUS <c>error</c>/<c>read-only</c> and never
/// reaches the shell. While taken over, the learner's page is told who is typing (STATUS <c>takeover</c>); the
/// terminal is handed back by a CONTROL 0 or when this connection ends. A viewer that stops reading is closed
/// (4409) rather than buffered without bound; it never slows the learner down.
/// </summary>
/// <param name="socket">The accepted WebSocket.</param>
/// <param name="session">The learner's terminal.</param>
/// <param name="instructorName">Shown to the learner during a take-over.</param>
/// <param name="controlChanged">Called with true after a take-over and false after the hand-back (also on disconnect), to record them.</param>
public sealed class TerminalWatchConnection(WebSocket socket, TerminalSession session, string instructorName, Func<bool, Task>? controlChanged = null)
    : ITerminalClient
{
    private const long MaxQueuedBytes = 4L * 1024 * 1024;
    private readonly OutgoingFrames _outgoing = new(socket, MaxQueuedBytes);
    private bool _refusalSent;
    // Whether this watcher took over and has not handed back: the session may clear it on its own (the workspace ended),
    // and the hand-back must still be reported once.
    private bool _holding;

    /// <inheritdoc />
    public void Enqueue(byte[] frame)
    {
        if (!_outgoing.TryEnqueue(frame)) Close(CloseCodes.TooLarge, "the viewer stopped reading");
    }

    /// <inheritdoc />
    public void Close(int code, string reason) => _outgoing.Close(code, reason);

    /// <summary>Attaches as a watcher and serves the connection until either side closes; hands back a take-over on the way out.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        session.AttachWatcher(this);
        using var abort = new CancellationTokenSource();
        var sender = _outgoing.RunAsync(null, abort.Token);
        try
        {
            var buffer = new byte[ClientFrame.MaxInputBytes + 2];
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Close(CloseCodes.TooLarge, $"frame larger than {ClientFrame.MaxInputBytes} bytes of input");
                        return;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    length += result.Count;
                } while (!result.EndOfMessage);
                var parsed = ClientFrame.Parse(buffer.AsMemory(0, length));
                if (parsed.Frame is null || result.MessageType != WebSocketMessageType.Binary)
                {
                    Close(parsed.Frame is null ? parsed.CloseCode : CloseCodes.Malformed, parsed.Error ?? "text frames are not part of the protocol");
                    return;
                }
                await HandleAsync(parsed.Frame, ct);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            session.DetachWatcher(this);
            if (_holding && controlChanged is not null) await controlChanged(false);
            _outgoing.Complete();
            abort.CancelAfter(TimeSpan.FromSeconds(5));
            await sender;
        }
    }

    private async Task HandleAsync(ClientFrame frame, CancellationToken ct)
    {
        switch (frame)
        {
            case ClientFrame.Control { Take: true }:
                if (session.IsControlledBy(this)) break;
                if (!session.TakeOver(this, instructorName))
                {
                    Enqueue(ServerFrames.Status(new TerminalStatus("error", Reason: "taken-over",
                        Message: $"Another instructor ({session.TakenOverBy}) is typing in this terminal.")));
                    break;
                }
                _refusalSent = false;
                _holding = true;
                Enqueue(ServerFrames.Status(new TerminalStatus("takeover", By: instructorName)));
                if (controlChanged is not null) await controlChanged(true);
                break;
            case ClientFrame.Control { Take: false }:
                if (!session.Release(this)) break;
                _holding = false;
                Enqueue(ServerFrames.Status(new TerminalStatus("released", By: instructorName)));
                if (controlChanged is not null) await controlChanged(false);
                break;
            case ClientFrame.Input input when session.IsControlledBy(this):
                await session.WriteInputAsync(input.Bytes.ToArray(), ct);
                break;
            case ClientFrame.Input:
                // Refused, once per read-only stretch: the shell never sees it.
                if (_refusalSent) break;
                _refusalSent = true;
                Enqueue(ServerFrames.Status(new TerminalStatus("error", Reason: "read-only",
                    Message: "This view is read-only: take over the terminal first (the learner is told).")));
                break;
            // Resize, ACK and PING of a viewer are ignored: the learner's screen size and flow control rule.
        }
    }
}
