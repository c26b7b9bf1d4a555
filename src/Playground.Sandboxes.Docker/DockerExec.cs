using System.Buffers;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Playground.Sandboxes.Docker;

/// <summary>Non-TTY execs with stdout and stderr apart, each kept up to a limit (the rest is drained).</summary>
internal static class DockerExec
{
    private static readonly TimeSpan ExitPollCeiling = TimeSpan.FromMilliseconds(100);

    public sealed record Result(long ExitCode, string Stdout, string Stderr, bool Truncated);

    /// <summary>
    /// Runs <paramref name="request"/> (stdin not attached) and waits for its exit code. Cancelling
    /// closes the connection at once; the process itself may live on in the container.
    /// </summary>
    public static async Task<Result> RunAsync(DockerClient docker, string container, ContainerExecCreateParameters request, int outputLimitBytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputLimitBytes);
        request.TTY = false;
        request.AttachStdin = false;
        request.AttachStdout = true;
        request.AttachStderr = true;
        var exec = await docker.Exec.CreateContainerExecAsync(container, request, ct);
        var stdout = new BoundedOutput(outputLimitBytes);
        var stderr = new BoundedOutput(outputLimitBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), ct);
            // Disposing on cancel guarantees nothing stays blocked on the connection.
            await using var closeOnCancel = ct.Register(static s => ((MultiplexedStream)s!).Dispose(), stream);
            try
            {
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                    if (read.EOF) break;
                    (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Append(buffer.AsSpan(0, read.Count));
                }
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException("the exec was cancelled", e, ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var exitCode = await WaitExitAsync(docker, exec.ID, ct);
        return new Result(exitCode, stdout.Text, stderr.Text, stdout.Truncated || stderr.Truncated);
    }

    /// <summary>The engine reports an exec's exit code a moment after its stream ends: poll with a short back-off.</summary>
    public static async Task<long> WaitExitAsync(DockerClient docker, string execId, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var inspect = await docker.Exec.InspectContainerExecAsync(execId, ct);
            if (!inspect.Running && inspect.ExitCode is { } exitCode) return exitCode;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, ExitPollCeiling.Ticks));
        }
    }

    /// <summary>Keeps the first <c>limit</c> bytes of an output stream and remembers whether more arrived.</summary>
    private sealed class BoundedOutput(int limit)
    {
        private readonly MemoryStream _kept = new();

        public bool Truncated { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            var room = limit - (int)_kept.Length;
            if (bytes.Length > room)
            {
                Truncated = true;
                bytes = bytes[..Math.Max(room, 0)];
            }
            _kept.Write(bytes);
        }

        public string Text => Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
    }
}
