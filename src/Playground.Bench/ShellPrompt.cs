using System.Diagnostics;

namespace Playground.Bench;

/// <summary>Reads a freshly opened shell's stream until its first prompt.</summary>
internal static class ShellPrompt
{
    /// <summary>Returns the Stopwatch timestamp of the first output byte.</summary>
    public static async Task<long> WaitAsync(Stream stream, TimeSpan timeout, CancellationToken ct)
    {
        using var limited = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limited.CancelAfter(timeout);
        var scanner = new OutputScanner();
        var buffer = new byte[4096];
        long firstByte = 0;
        try
        {
            while (!scanner.AtPrompt)
            {
                var read = await stream.ReadAsync(buffer, limited.Token);
                if (read == 0) throw new IOException($"the shell ended before its prompt; last output: {scanner.Tail}");
                if (firstByte == 0) firstByte = Stopwatch.GetTimestamp();
                scanner.Feed(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no prompt within {timeout.TotalSeconds:0} s; last output: {scanner.Tail}");
        }
        return firstByte;
    }
}
