using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;

namespace Playground.Bench;

/// <summary>Terminal output as it arrived: the bytes and the Stopwatch timestamp of their arrival.</summary>
internal sealed record OutputChunk(byte[] Buffer, int Length, long ArrivedAt)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
}

/// <summary>
/// A terminal the probes drive: the WebSocket protocol client, or a direct exec stream as the
/// baseline. A background pump takes output off the wire as soon as it arrives (so arrival times
/// are honest) into a bounded queue; reading from the queue is "consuming", which is when the
/// WebSocket client acknowledges. Reads may time out without disturbing the connection.
/// </summary>
internal abstract class TerminalTransport : IAsyncDisposable
{
    private readonly Channel<OutputChunk> _output = Channel.CreateBounded<OutputChunk>(new BoundedChannelOptions(256)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;
    private OutputChunk? _previous;

    public abstract string Name { get; }

    /// <summary>Why the output ended (close reason, error), once it has.</summary>
    public string? EndReason { get; protected set; }

    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> input, CancellationToken ct);

    /// <summary>Reads raw output into <paramref name="buffer"/>; 0 at the end.</summary>
    protected abstract ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct);

    /// <summary>Called when the probe has consumed a chunk.</summary>
    protected virtual ValueTask ConsumedAsync(int bytes, CancellationToken ct) => ValueTask.CompletedTask;

    protected void StartPump(int chunkBytes) => _pump = Task.Run(() => PumpAsync(chunkBytes));

    private async Task PumpAsync(int chunkBytes)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
                var read = await ReceiveAsync(buffer.AsMemory(0, chunkBytes), _stop.Token);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                await _output.Writer.WriteAsync(new OutputChunk(buffer, read, Stopwatch.GetTimestamp()), _stop.Token);
            }
        }
        catch (Exception e)
        {
            EndReason ??= e is OperationCanceledException ? "closed" : e.Message;
        }
        finally
        {
            _output.Writer.TryComplete();
        }
    }

    /// <summary>
    /// The next chunk, or null when <paramref name="timeout"/> passed without output or the output
    /// ended (<see cref="EndReason"/> then says why). The chunk is valid until the next read.
    /// </summary>
    public async ValueTask<OutputChunk?> ReadAsync(TimeSpan? timeout, CancellationToken ct)
    {
        if (_previous is { } previous)
        {
            _previous = null;
            await ConsumedAsync(previous.Length, ct);
            ArrayPool<byte>.Shared.Return(previous.Buffer);
        }
        OutputChunk chunk;
        if (_output.Reader.TryRead(out var ready))
        {
            chunk = ready;
        }
        else if (timeout is null)
        {
            if (!await _output.Reader.WaitToReadAsync(ct) || !_output.Reader.TryRead(out var next)) return null;
            chunk = next;
        }
        else
        {
            using var limited = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limited.CancelAfter(timeout.Value);
            try
            {
                if (!await _output.Reader.WaitToReadAsync(limited.Token) || !_output.Reader.TryRead(out var next)) return null;
                chunk = next;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }
        _previous = chunk;
        return chunk;
    }

    public bool Ended => _output.Reader.Completion.IsCompleted;

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            try { await _pump.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { }
        }
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
