using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Playground.Testing.Web;

namespace Playground.Web.Tests.Infrastructure;

/// <summary>
/// A terminal WebSocket client speaking the binary protocol (src/Playground.Terminals/PROTOCOL.md) as the
/// browser does. A background loop receives everything and keeps it: output (bytes and text), STATUS
/// frames, the replayed part and the close code; it ACKs output as it arrives unless <see cref="AutoAck"/>
/// is off (a client that stopped consuming).
/// </summary>
public sealed class TerminalSocket : IAsyncDisposable
{
    public const byte Input = 0x00, Resize = 0x01, Ack = 0x02, Ping = 0x03, Pong = 0x04, Control = 0x05, Output = 0x10, Status = 0x11;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _lock = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _replay = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JsonNode> _statuses = [];
    private readonly Task _receiver;
    private TaskCompletionSource _changed = NewSignal();
    private bool _inReplay;
    private long _unacked;
    private Exception? _receiveError;

    private TerminalSocket(ClientWebSocket socket)
    {
        _socket = socket;
        _receiver = Task.Run(ReceiveLoopAsync);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Acknowledge OUTPUT as it arrives (as xterm's write callback does).</summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>Every OUTPUT byte received, replay included, decoded as UTF-8.</summary>
    public string Text { get { lock (_lock) return _text.ToString(); } }

    /// <summary>The OUTPUT received between STATUS replay and STATUS attached.</summary>
    public string ReplayText { get { lock (_lock) return _replay.ToString(); } }

    public long ReplayBytes { get; private set; }
    public long OutputBytes { get { lock (_lock) return _outputBytes; } }
    private long _outputBytes;

    /// <summary>OUTPUT bytes received and not yet acknowledged.</summary>
    public long Unacknowledged { get { lock (_lock) return _unacked; } }

    public bool Attached { get; private set; }
    public IReadOnlyList<JsonNode> Statuses { get { lock (_lock) return _statuses.ToList(); } }
    public List<byte[]> Pongs { get; } = [];
    public bool Closed { get; private set; }
    public WebSocketCloseStatus? CloseStatus { get; private set; }
    public string? CloseDescription { get; private set; }

    /// <summary>Position in <see cref="Text"/>, to match only what arrives after it.</summary>
    public int Mark { get { lock (_lock) return _text.Length; } }

    public static Uri UriFor(PlaygroundServer server, string workspaceId, string token, int terminal = 1) =>
        new($"ws://{server.BaseUri.Authority}/ws/workspaces/{workspaceId}/terminals/{terminal}?token={Uri.EscapeDataString(token)}");

    /// <summary>Connects as <paramref name="learner"/> (its cookie) with the server's Origin.</summary>
    public static Task<TerminalSocket> ConnectAsync(PlaygroundServer server, LearnerClient learner, WorkspaceRef workspace, int terminal = 1) =>
        ConnectAsync(UriFor(server, workspace.Id, workspace.Token, terminal), learner.LearnerId, server.Origin);

    /// <summary>Connects and waits for the replay to end (STATUS attached).</summary>
    public static async Task<TerminalSocket> AttachAsync(PlaygroundServer server, LearnerClient learner, WorkspaceRef workspace, int terminal = 1)
    {
        var socket = await ConnectAsync(server, learner, workspace, terminal);
        await socket.UntilAsync(s => s.Attached, "STATUS attached");
        return socket;
    }

    public static async Task<TerminalSocket> ConnectAsync(Uri uri, string? learnerId, string? origin)
    {
        var socket = NewSocket(learnerId, origin);
        await socket.ConnectAsync(uri, Ct);
        return new TerminalSocket(socket);
    }

    /// <summary>Connects with the cookies of <paramref name="cookies"/> (an instructor's session) and the given Origin.</summary>
    public static async Task<TerminalSocket> ConnectWithCookiesAsync(Uri uri, CookieContainer cookies, string origin)
    {
        var socket = NewSocket(null, origin);
        socket.Options.Cookies = cookies;
        await socket.ConnectAsync(uri, Ct);
        return new TerminalSocket(socket);
    }

    /// <summary>Attempts an upgrade expected to be refused; returns the HTTP status of the refusal.</summary>
    public static async Task<HttpStatusCode> RefusedUpgradeAsync(Uri uri, string? learnerId, string? origin)
    {
        using var socket = NewSocket(learnerId, origin);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, Ct));
        return socket.HttpStatusCode;
    }

    private static ClientWebSocket NewSocket(string? learnerId, string? origin)
    {
        var socket = new ClientWebSocket();
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        if (learnerId is not null) socket.Options.SetRequestHeader("Cookie", $"pg_learner={learnerId}");
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        return socket;
    }

    public Task SendFrameAsync(byte opcode, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = opcode;
        payload.CopyTo(frame.AsSpan(1));
        return SendRawAsync(frame);
    }

    public async Task SendRawAsync(byte[] message, WebSocketMessageType type = WebSocketMessageType.Binary)
    {
        await _sendLock.WaitAsync(Ct);
        try
        {
            await _socket.SendAsync(message, type, endOfMessage: true, Ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task TypeAsync(string text) => SendFrameAsync(Input, Encoding.UTF8.GetBytes(text));

    public Task ResizeAsync(int columns, int rows)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)columns);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), (ushort)rows);
        return SendFrameAsync(Resize, payload);
    }

    /// <summary>ACKs everything received so far.</summary>
    public async Task AckAllAsync()
    {
        uint bytes;
        lock (_lock)
        {
            bytes = (uint)_unacked;
            _unacked = 0;
        }
        if (bytes == 0) return;
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, bytes);
        await SendFrameAsync(Ack, payload);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1024 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length) throw new InvalidOperationException("server frame larger than 1 MiB");
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                    length += result.Count;
                } while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    lock (_lock)
                    {
                        CloseStatus = _socket.CloseStatus;
                        CloseDescription = _socket.CloseStatusDescription;
                        Closed = true;
                    }
                    Signal();
                    return;
                }
                if (result.MessageType != WebSocketMessageType.Binary || length == 0)
                    throw new InvalidOperationException($"protocol violation by the server: {result.MessageType} frame of {length} bytes");
                await HandleAsync(buffer[0], buffer.AsMemory(1, length - 1));
                Signal();
            }
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or WebSocketException)
        {
        }
        catch (Exception e)
        {
            lock (_lock) _receiveError = e;
            Signal();
        }
    }

    private async Task HandleAsync(byte opcode, ReadOnlyMemory<byte> payload)
    {
        switch (opcode)
        {
            case Output:
                lock (_lock)
                {
                    _outputBytes += payload.Length;
                    _unacked += payload.Length;
                    var chars = new char[_decoder.GetCharCount(payload.Span, flush: false)];
                    _decoder.GetChars(payload.Span, chars, flush: false);
                    _text.Append(chars);
                    if (_inReplay)
                    {
                        _replay.Append(chars);
                        ReplayBytes += payload.Length;
                    }
                }
                if (AutoAck) await AckAllAsync();
                break;
            case Status:
                var status = JsonNode.Parse(payload.Span)!;
                lock (_lock)
                {
                    _statuses.Add(status);
                    var state = status["state"]?.GetValue<string>();
                    if (state == "replay") _inReplay = true;
                    if (state == "attached")
                    {
                        _inReplay = false;
                        Attached = true;
                    }
                }
                break;
            case Pong:
                lock (_lock) Pongs.Add(payload.ToArray());
                break;
            default:
                throw new InvalidOperationException($"unknown server opcode 0x{opcode:x2}");
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lock) (previous, _changed) = (_changed, NewSignal());
        previous.TrySetResult();
    }

    /// <summary>Waits until <paramref name="done"/> holds; fails with the received output when it does not in time.</summary>
    public async Task UntilAsync(Func<TerminalSocket, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_lock) changed = _changed.Task;
            if (done(this)) return;
            if (_receiveError is { } error) Assert.Fail($"receiving failed before {what}: {error}");
            if (Closed) Assert.Fail($"the socket closed ({(int?)CloseStatus} {CloseDescription}) before {what}. Output:\n{Tail()}");
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) Assert.Fail($"timed out waiting for {what}. Output:\n{Tail()}");
            await Task.WhenAny(changed, Task.Delay(left, Ct));
            Ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits until no OUTPUT arrived for <paramref name="quiet"/>; fails if output still flows after <paramref name="max"/>.</summary>
    public async Task UntilQuietAsync(TimeSpan quiet, TimeSpan max)
    {
        var deadline = DateTime.UtcNow + max;
        var last = OutputBytes;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
            var now = OutputBytes;
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= quiet) return;
        }
        Assert.Fail($"output still flowing after {max.TotalSeconds} s ({OutputBytes} bytes). Output:\n{Tail(300)}");
    }

    /// <summary>Waits for a regex match in the output received after <paramref name="from"/> (a <see cref="Mark"/>).</summary>
    public async Task<Match> WaitForAsync(string pattern, int from = 0, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        Match? match = null;
        await UntilAsync(s =>
        {
            var text = s.Text;
            return (match = regex.Match(text, Math.Min(from, text.Length))).Success;
        }, $"/{pattern}/", timeout);
        return match!;
    }

    /// <summary>Types a command followed by a unique end marker and returns what it printed (terminal escapes removed).</summary>
    public async Task<string> RunAsync(string command, TimeSpan? timeout = null)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var from = Mark;
        // Quotes split the marker in the typed command, so only the printed line matches, not the echo.
        await TypeAsync($"{command}; echo \"END\"\"{id}\"\r");
        var marker = await WaitForAsync($"END{id}\\r\\n", from, timeout);
        // The command line can be echoed twice (by the tty before readline starts, then by readline):
        // the output starts after the last echo.
        var text = Text;
        var echo = $"END\"\"{id}\"\r\n";
        var echoed = text.LastIndexOf(echo, marker.Index, StringComparison.Ordinal);
        Assert.True(echoed >= 0, $"the command line never came back (keep commands shorter than the terminal width): {Tail()}");
        return WithoutEscapes(text[(echoed + echo.Length)..marker.Index]);
    }

    /// <summary>The shell's pid (`echo $$`).</summary>
    public async Task<int> ShellPidAsync()
    {
        var from = Mark;
        await TypeAsync("echo \"PID\"\"=$$\"\r");
        var match = await WaitForAsync(@"PID=(\d+)\r\n", from);
        return int.Parse(match.Groups[1].Value);
    }

    /// <summary>Removes CSI (colours, bracketed paste) and OSC (window title) sequences.</summary>
    public static string WithoutEscapes(string text) =>
        Regex.Replace(text, @"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)", "");

    /// <summary>Waits for the server's close frame.</summary>
    public async Task<(int? Code, string? Description)> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        await UntilAsync(s => s.Closed, "the server's close frame", timeout);
        return ((int?)CloseStatus, CloseDescription);
    }

    public string Tail(int chars = 2000)
    {
        var text = Text;
        return text.Length <= chars ? text : "..." + text[^chars..];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _sendLock.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                }
                finally
                {
                    _sendLock.Release();
                }
                // Let the receiver see the server's answering close frame.
                await _receiver.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
        }
        await _stop.CancelAsync();
        try { await _receiver.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        _socket.Dispose();
        _stop.Dispose();
    }
}
