using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Playground.Terminals.Protocol;

namespace Playground.Bench;

/// <summary>
/// Client side of the terminal protocol (src/Playground.Terminals/PROTOCOL.md), as the browser
/// speaks it: binary frames, OUTPUT acknowledged once consumed — when 64 KiB are pending, or
/// 100 ms after the last ACK while anything is pending.
/// </summary>
internal sealed class TerminalClient : TerminalTransport
{
    public const int AckEveryBytes = 64 * 1024;
    private static readonly long AckEveryTicks = Stopwatch.Frequency / 10;
    private const int MaxMessageBytes = 1 << 20;
    private const int ChunkBytes = 64 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _message = new byte[MaxMessageBytes + 1];
    private readonly List<string> _statuses = [];
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pendingAck;
    private long _lastAckAt = Stopwatch.GetTimestamp();
    private long _received;
    private long _acknowledged;
    private long _maxUnacknowledged;
    private int _leftoverOffset;
    private int _leftoverLength;

    private TerminalClient(ClientWebSocket socket)
    {
        _socket = socket;
        StartPump(ChunkBytes);
    }

    public override string Name => "WebSocket";

    /// <summary>STATUS payloads received so far (JSON).</summary>
    public IReadOnlyList<string> Statuses { get { lock (_statuses) return _statuses.ToList(); } }

    /// <summary>Most OUTPUT bytes this client held unacknowledged at once (received, not yet ACKed).</summary>
    public long MaxUnacknowledged => Interlocked.Read(ref _maxUnacknowledged);

    public void ResetUnacknowledgedPeak() => Interlocked.Exchange(ref _maxUnacknowledged, Interlocked.Read(ref _received) - Interlocked.Read(ref _acknowledged));

    public static async Task<TerminalClient> ConnectAsync(Uri uri, string learnerId, string origin, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.SetRequestHeader("Cookie", $"pg_learner={learnerId}");
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new TerminalClient(socket);
    }

    /// <summary>Waits for STATUS attached: from then on OUTPUT is live.</summary>
    public Task WaitAttachedAsync(TimeSpan timeout, CancellationToken ct) => _attached.Task.WaitAsync(timeout, ct);

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
    {
        for (var offset = 0; offset < input.Length; offset += ClientFrame.MaxInputBytes)
        {
            var part = input.Slice(offset, Math.Min(ClientFrame.MaxInputBytes, input.Length - offset));
            var frame = new byte[part.Length + 1];
            frame[0] = Opcodes.Input;
            part.CopyTo(frame.AsMemory(1));
            await SendFrameAsync(frame, ct);
        }
    }

    public async ValueTask ResizeAsync(int columns, int rows, CancellationToken ct)
    {
        var frame = new byte[5];
        frame[0] = Opcodes.Resize;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)columns);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)rows);
        await SendFrameAsync(frame, ct);
    }

    private async ValueTask SendFrameAsync(byte[] frame, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    protected override async ValueTask ConsumedAsync(int bytes, CancellationToken ct)
    {
        _pendingAck += bytes;
        var now = Stopwatch.GetTimestamp();
        if (_pendingAck < AckEveryBytes && now - _lastAckAt < AckEveryTicks) return;
        var frame = new byte[5];
        frame[0] = Opcodes.Ack;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)_pendingAck);
        Interlocked.Add(ref _acknowledged, _pendingAck);
        _pendingAck = 0;
        _lastAckAt = now;
        await SendFrameAsync(frame, ct);
    }

    protected override async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (_leftoverLength > 0) return TakeOutput(_message.AsSpan(_leftoverOffset, _leftoverLength), buffer.Span);
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == _message.Length) throw new InvalidDataException($"server message larger than {MaxMessageBytes} bytes");
                result = await _socket.ReceiveAsync(_message.AsMemory(length), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    EndReason = $"closed by the server: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    return 0;
                }
                length += result.Count;
            } while (!result.EndOfMessage);

            if (result.MessageType != WebSocketMessageType.Binary || length == 0)
                throw new InvalidDataException("the server sent a text or empty frame");
            var payload = _message.AsSpan(1, length - 1);
            switch (_message[0])
            {
                case Opcodes.Output:
                    if (payload.IsEmpty) continue;
                    var unacknowledged = Interlocked.Add(ref _received, payload.Length) - Interlocked.Read(ref _acknowledged);
                    if (unacknowledged > Interlocked.Read(ref _maxUnacknowledged)) Interlocked.Exchange(ref _maxUnacknowledged, unacknowledged);
                    _leftoverOffset = 1;
                    return TakeOutput(payload, buffer.Span);
                case Opcodes.Status:
                    var status = Encoding.UTF8.GetString(payload);
                    lock (_statuses) _statuses.Add(status);
                    if (status.Contains("\"attached\"", StringComparison.Ordinal)) _attached.TrySetResult();
                    continue;
                case Opcodes.Pong:
                    continue;
                default:
                    throw new InvalidDataException($"unknown server opcode 0x{_message[0]:x2}");
            }
        }
    }

    /// <summary>Copies what fits; a larger OUTPUT payload is served over several reads.</summary>
    private int TakeOutput(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var count = Math.Min(payload.Length, destination.Length);
        payload[..count].CopyTo(destination);
        _leftoverLength = payload.Length - count;
        _leftoverOffset += count;
        return count;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        await base.DisposeAsync();
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
