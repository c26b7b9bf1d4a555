using System.Diagnostics;
using System.Text;
using Playground.Testing;

namespace Playground.Docker.Tests;

public sealed class ExecTests(DockerEngine engine) : IAsyncLifetime
{
    private string containerId = "";

    private DockerClient Client => engine.Client;

    public async ValueTask InitializeAsync()
    {
        if (!engine.IsAvailable || await Client.InspectImageAsync(DockerEngine.BaseImage) is null)
            return; // each test skips with the reason
        containerId = await engine.StartContainerAsync(new ContainerCreateRequest { Image = DockerEngine.BaseImage, Env = ["TERM=xterm"] });
    }

    public async ValueTask DisposeAsync()
    {
        if (containerId.Length > 0)
            await Client.RemoveContainerAsync(containerId, ct: CancellationToken.None);
    }

    private async Task<CancellationToken> RequireContainerAsync()
    {
        await engine.BaseImageAsync();
        return TestContext.Current.CancellationToken;
    }

    [Fact]
    public async Task Tty_exec_runs_typed_input_and_reports_the_exit_code()
    {
        var ct = await RequireContainerAsync();
        var execId = await Client.CreateExecAsync(containerId, new ExecCreateRequest
        {
            Cmd = ["/bin/sh"],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, ct);

        string output;
        await using (var exec = await Client.StartExecAsync(execId, tty: true, ct))
        {
            await exec.Stream.WriteAsync("echo hi; exit 3\n"u8.ToArray(), ct);
            output = await ReadToEndAsync(exec.Stream, ct);
        }

        // The terminal echoes the typed line ("echo hi; exit 3") too; only the command's output ends "hi" with CRLF.
        Assert.Contains("hi\r\n", output);
        Assert.Equal(3, await Client.WaitExecExitAsync(execId, ct));
        var inspect = await Client.InspectExecAsync(execId, ct);
        Assert.False(inspect.Running);
        Assert.Equal(3, inspect.ExitCode);
        Assert.Equal(containerId, inspect.ContainerId);
    }

    [Fact]
    public async Task Resize_is_seen_by_stty_inside_a_tty_exec()
    {
        var ct = await RequireContainerAsync();
        var execId = await Client.CreateExecAsync(containerId, new ExecCreateRequest
        {
            Cmd = ["/bin/sh"],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
        }, ct);

        string output;
        await using (var exec = await Client.StartExecAsync(execId, tty: true, ct))
        {
            await Client.ResizeExecAsync(execId, rows: 33, cols: 101, ct);
            await exec.Stream.WriteAsync("stty size; exit\n"u8.ToArray(), ct);
            output = await ReadToEndAsync(exec.Stream, ct);
        }

        Assert.Contains("33 101", output);
    }

    [Fact]
    public async Task Non_tty_exec_keeps_stdout_and_stderr_apart()
    {
        var ct = await RequireContainerAsync();

        var result = await Client.RunAsync(containerId, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; exit 5"],
        }, ct: ct);

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("out1\nout2\n", result.Stdout);
        Assert.Equal("err1\nerr2\n", result.Stderr);
        Assert.False(result.StdoutTruncated);
        Assert.False(result.StderrTruncated);
    }

    [Fact]
    public async Task Run_passes_user_workdir_and_environment()
    {
        var ct = await RequireContainerAsync();

        var result = await Client.RunAsync(containerId, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "id -u; pwd; echo \"$COLOUR\""],
            User = "65534",
            WorkingDir = "/usr",
            Env = ["COLOUR=blue"],
        }, ct: ct);

        Assert.Equal("65534\n/usr\nblue\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_drained_and_marked_truncated()
    {
        var ct = await RequireContainerAsync();
        const int limit = 1 << 20;

        var result = await Client.RunAsync(containerId, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' a; echo done >&2"],
        }, limit, ct);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.StdoutTruncated);
        Assert.Equal(limit, result.Stdout.Length);
        Assert.All(result.Stdout.Distinct(), c => Assert.Equal('a', c));
        Assert.False(result.StderrTruncated);
        Assert.Equal("done\n", result.Stderr);
    }

    [Fact]
    public async Task Closing_input_gives_the_process_end_of_file()
    {
        var ct = await RequireContainerAsync();
        var execId = await Client.CreateExecAsync(containerId, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "tr a-z A-Z; echo eof-seen >&2"],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, ct);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await using (var exec = await Client.StartExecAsync(execId, tty: false, ct))
        {
            await exec.Stream.WriteAsync("shout this\n"u8.ToArray(), ct);
            await exec.CloseInputAsync();
            var buffer = new byte[8192];
            while (await exec.ReadFrameAsync(buffer, ct) is { } frame)
                (frame.Kind == StreamKind.Stdout ? stdout : stderr).Append(Encoding.UTF8.GetString(buffer, 0, frame.Length));
        }

        Assert.Equal("SHOUT THIS\n", stdout.ToString());
        Assert.Equal("eof-seen\n", stderr.ToString());
        Assert.Equal(0, await Client.WaitExecExitAsync(execId, ct));
    }

    [Fact]
    public async Task Cancelling_a_run_returns_promptly()
    {
        var ct = await RequireContainerAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = Client.RunAsync(containerId, new ExecCreateRequest { Cmd = ["sleep", "60"] }, ct: cancel.Token);
        await Task.Delay(500, ct);
        Assert.False(run.IsCompleted);

        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // Not a speed target: only proves the call does not wait for the 60 s command.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"RunAsync took {watch.Elapsed} to honour cancellation");
    }

    [Fact]
    public async Task Exec_in_an_unknown_container_is_not_found()
    {
        var ct = await RequireContainerAsync();
        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() =>
            Client.CreateExecAsync("playground-no-such-container", new ExecCreateRequest { Cmd = ["true"] }, ct));
        Assert.Contains("No such container", error.Message);

        var startError = await Assert.ThrowsAsync<DockerNotFoundException>(() => Client.StartExecAsync("0123456789abcdef", tty: false, ct));
        Assert.Contains("No such exec", startError.Message);
    }

    private static async Task<string> ReadToEndAsync(Stream stream, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = new MemoryStream();
        await stream.CopyToAsync(output, timeout.Token);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
