using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Playground.Bench;

/// <summary>
/// Output bytes until the prompt was back, in how many chunks, how long that took, and the CPU time
/// this process spent meanwhile.
/// </summary>
internal sealed record ThroughputResult(long Bytes, long Chunks, TimeSpan Elapsed, TimeSpan ProcessCpu)
{
    public double BytesPerSecond => Bytes / Elapsed.TotalSeconds;
    public double CpuMsPerMB => ProcessCpu.TotalMilliseconds / (Bytes / 1e6);
    public double BytesPerChunk => Bytes / (double)Chunks;

    /// <summary>Several runs as one: total bytes over total time.</summary>
    public static ThroughputResult Sum(IEnumerable<ThroughputResult> runs) => runs.Aggregate(
        new ThroughputResult(0, 0, TimeSpan.Zero, TimeSpan.Zero),
        (a, b) => new ThroughputResult(a.Bytes + b.Bytes, a.Chunks + b.Chunks, a.Elapsed + b.Elapsed, a.ProcessCpu + b.ProcessCpu));
}

internal sealed record InterruptResult(TimeSpan Latency, long BytesBeforeInterrupt, long BytesAfterInterrupt);

/// <summary>
/// The terminal measurements, written once against <see cref="TerminalTransport"/> so that the
/// WebSocket path and the direct exec baseline run exactly the same procedure.
/// </summary>
internal static class TerminalProbes
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private const byte EchoChar = (byte)'z';   // appears in neither the prompt nor readline's escape sequences
    private const byte KillLine = 0x15;         // Ctrl-U
    private const byte Interrupt = 0x03;        // Ctrl-C

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Waits for the first prompt of a fresh shell.</summary>
    public static async Task WaitForPromptAsync(TerminalTransport terminal, TimeSpan timeout, CancellationToken ct)
    {
        var scanner = new OutputScanner();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!scanner.AtPrompt)
        {
            var chunk = await terminal.ReadAsync(TimeSpan.FromMilliseconds(500), ct);
            if (chunk is not null) scanner.Feed(chunk.Span);
            else if (terminal.Ended) throw new IOException($"{terminal.Name}: the terminal ended before its prompt ({terminal.EndReason})");
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{terminal.Name}: no prompt within {timeout.TotalSeconds:0} s; last output: {Visible(scanner.Tail)}");
        }
    }

    /// <summary>Clears the input line, asks for a fresh prompt and waits until the output is quiet at it.</summary>
    public static async Task SettleAsync(TerminalTransport terminal, CancellationToken ct)
    {
        await terminal.SendAsync(new[] { KillLine, (byte)'\r' }, ct);
        var scanner = new OutputScanner();
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (true)
        {
            var chunk = await terminal.ReadAsync(Quiet, ct);
            if (chunk is not null) scanner.Feed(chunk.Span);
            else if (scanner.AtPrompt) return;
            else if (terminal.Ended) throw new IOException($"{terminal.Name}: the terminal ended ({terminal.EndReason})");
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{terminal.Name}: the shell did not settle at a prompt; last output: {Visible(scanner.Tail)}");
        }
    }

    /// <summary>
    /// Runs <c>head -c N /dev/zero | base64</c> and counts every output byte until the prompt is back.
    /// The end marker is typed split by quotes so that the echo of the command line never matches it.
    /// </summary>
    public static async Task<ThroughputResult> MeasureThroughputAsync(TerminalTransport terminal, long inputBytes, CancellationToken ct)
    {
        await SettleAsync(terminal, ct);
        var scanner = new OutputScanner("__PG_BENCH_DONE__");
        var command = Encoding.ASCII.GetBytes($"head -c {inputBytes} /dev/zero | base64; echo __PG_BENCH_\"\"DONE__\r");
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        await terminal.SendAsync(command, ct);
        long chunks = 0;
        while (true)
        {
            var chunk = await terminal.ReadAsync(TimeSpan.FromSeconds(60), ct)
                ?? throw new TimeoutException($"{terminal.Name}: output stalled for 60 s after {scanner.Bytes} bytes ({terminal.EndReason}); last output: {Visible(scanner.Tail)}");
            scanner.Feed(chunk.Span);
            chunks++;
            if (scanner.AtPrompt)
                return new ThroughputResult(scanner.Bytes, chunks, TimeSpan.FromSeconds((chunk.ArrivedAt - started) / (double)Stopwatch.Frequency), Environment.CpuUsage.TotalTime - cpu);
        }
    }

    /// <summary>
    /// Types one character every <paramref name="pace"/> at the prompt and times each until readline's
    /// echo of it arrives. Every 40 characters the line is cleared (not timed) so it never wraps.
    /// </summary>
    public static async Task<Stats> MeasureEchoAsync(TerminalTransport terminal, int samples, TimeSpan pace, CancellationToken ct)
    {
        await SettleAsync(terminal, ct);
        var sent = new ConcurrentQueue<long>();
        var latencies = new double[samples];
        var received = 0;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var reader = Task.Run(async () =>
        {
            while (Volatile.Read(ref received) < samples)
            {
                var chunk = await terminal.ReadAsync(TimeSpan.FromSeconds(10), failed.Token)
                    ?? throw new TimeoutException($"{terminal.Name}: no echo for 10 s after {received} of {samples} characters ({terminal.EndReason})");
                foreach (var b in chunk.Span)
                {
                    if (b != EchoChar || !sent.TryDequeue(out var at)) continue;
                    latencies[received] = Ms(at, chunk.ArrivedAt);
                    Volatile.Write(ref received, received + 1);
                    if (received == samples) break;
                }
            }
        }, failed.Token);

        try
        {
            var next = Stopwatch.GetTimestamp();
            var paceTicks = (long)(pace.TotalSeconds * Stopwatch.Frequency);
            for (var i = 0; i < samples; i++)
            {
                if (i > 0 && i % 40 == 0)
                {
                    while (Volatile.Read(ref received) < i && !reader.IsCompleted) await Task.Delay(1, ct);
                    if (reader.IsFaulted) break;
                    await terminal.SendAsync(new[] { KillLine }, ct);
                    await Task.Delay(pace * 3, ct);
                    next = Stopwatch.GetTimestamp();
                }
                var wait = next - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), ct);
                next += paceTicks;
                sent.Enqueue(Stopwatch.GetTimestamp());
                await terminal.SendAsync(new[] { EchoChar }, ct);
            }
            await reader.WaitAsync(TimeSpan.FromSeconds(15), ct);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        await SettleAsync(terminal, ct);
        return Stats.Of(latencies);
    }

    /// <summary>
    /// Floods the terminal with <c>yes</c> for <paramref name="runFor"/>, presses Ctrl-C, and times
    /// until the last output byte, which must be a prompt followed by silence.
    /// </summary>
    public static async Task<InterruptResult> MeasureInterruptAsync(TerminalTransport terminal, TimeSpan runFor, CancellationToken ct)
    {
        await SettleAsync(terminal, ct);
        await terminal.SendAsync("yes\r"u8.ToArray(), ct);
        long before = 0;
        var until = Stopwatch.GetTimestamp() + (long)(runFor.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var chunk = await terminal.ReadAsync(TimeSpan.FromMilliseconds(100), ct);
            if (chunk is not null) before += chunk.Length;
            else if (terminal.Ended) throw new IOException($"{terminal.Name}: the terminal ended during `yes` ({terminal.EndReason})");
        }

        var pressed = Stopwatch.GetTimestamp();
        await terminal.SendAsync(new[] { Interrupt }, ct);
        var scanner = new OutputScanner();
        var last = pressed;
        while (true)
        {
            var chunk = await terminal.ReadAsync(Quiet, ct);
            if (chunk is null)
            {
                if (scanner.AtPrompt) break;
                if (terminal.Ended) throw new IOException($"{terminal.Name}: the terminal ended after Ctrl-C ({terminal.EndReason})");
                if (Ms(pressed, Stopwatch.GetTimestamp()) > 30_000)
                    throw new TimeoutException($"{terminal.Name}: no prompt 30 s after Ctrl-C; last output: {Visible(scanner.Tail)}");
                continue;
            }
            scanner.Feed(chunk.Span);
            last = chunk.ArrivedAt;
        }
        return new InterruptResult(TimeSpan.FromSeconds((last - pressed) / (double)Stopwatch.Frequency), before, scanner.Bytes);
    }

    private static string Visible(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
