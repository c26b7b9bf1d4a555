using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    private static readonly TimeSpan ExecExitPollCeiling = TimeSpan.FromMilliseconds(100);

    public async Task<string> CreateExecAsync(string containerId, ExecCreateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = await PostJsonAsync($"/containers/{DockerPath.Segment(containerId)}/exec", request,
            DockerJsonContext.Default.ExecCreateRequest, DockerJsonContext.Default.IdResponse, ct).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary>Starts an exec on its own hijacked connection. <paramref name="tty"/> must match the exec's Tty.</summary>
    public async Task<ExecStream> StartExecAsync(string execId, bool tty, CancellationToken ct = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ExecStartRequest { Detach = false, Tty = tty }, DockerJsonContext.Default.ExecStartRequest);
        var stream = await transport.BoundedAsync($"POST /exec/{execId}/start", async token =>
        {
            var path = await VersionedAsync($"/exec/{DockerPath.Segment(execId)}/start", token).ConfigureAwait(false);
            return await HijackedConnection.OpenAsync(transport.Endpoint, path, body, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        return new ExecStream(execId, stream, tty);
    }

    /// <summary>Resizes an exec's TTY.</summary>
    public Task ResizeExecAsync(string execId, int rows, int cols, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        var query = new QueryString().Add("h", rows.ToString()).Add("w", cols.ToString());
        return SendAsync(HttpMethod.Post, $"/exec/{DockerPath.Segment(execId)}/resize{query}", null, ct);
    }

    public async Task<ExecInspect> InspectExecAsync(string execId, CancellationToken ct = default) =>
        await GetJsonAsync($"/exec/{DockerPath.Segment(execId)}/json", DockerJsonContext.Default.ExecInspect, ct).ConfigureAwait(false);

    /// <summary>
    /// The exit code of an exec whose output has ended. The engine records it a moment after closing the stream,
    /// so this polls briefly; a process that closed its output but keeps running is waited for.
    /// </summary>
    public async Task<long> WaitExecExitAsync(string execId, CancellationToken ct = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var inspect = await InspectExecAsync(execId, ct).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } exitCode)
                return exitCode;
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, ExecExitPollCeiling.Ticks));
        }
    }

    /// <summary>
    /// Runs a command without a TTY and collects its output: stdout and stderr separately, each cut at
    /// <paramref name="outputLimitBytes"/> (the rest is drained so the process never blocks on a full pipe).
    /// Stdin is not attached. Cancelling closes the connection at once; the process itself may live on in the container.
    /// </summary>
    public async Task<ExecResult> RunAsync(string containerId, ExecCreateRequest request, int outputLimitBytes = 1 << 20, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(outputLimitBytes);
        var execRequest = request with { Tty = false, AttachStdin = false, AttachStdout = true, AttachStderr = true };
        var execId = await CreateExecAsync(containerId, execRequest, ct).ConfigureAwait(false);
        var stdout = new BoundedOutput(outputLimitBytes);
        var stderr = new BoundedOutput(outputLimitBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var stream = await StartExecAsync(execId, tty: false, ct).ConfigureAwait(false);
            // Socket reads honour the token, but disposing as well guarantees nothing stays blocked on the connection.
            await using var closeOnCancel = ct.Register(static state => ((ExecStream)state!).Dispose(), stream).ConfigureAwait(false);
            try
            {
                while (await stream.ReadFrameAsync(buffer, ct).ConfigureAwait(false) is { } frame)
                    (frame.Kind == StreamKind.Stderr ? stderr : stdout).Append(buffer.AsSpan(0, frame.Length));
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException($"Exec {execId} in container {containerId} was cancelled.", e, ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var exitCode = await WaitExecExitAsync(execId, ct).ConfigureAwait(false);
        logger.LogDebug("Exec {ExecId} in container {ContainerId} exited with {ExitCode}", execId, containerId, exitCode);
        return new ExecResult(exitCode, stdout.Text, stderr.Text, stdout.Truncated, stderr.Truncated);
    }
}
