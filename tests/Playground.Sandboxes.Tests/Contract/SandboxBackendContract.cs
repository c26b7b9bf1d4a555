using System.Formats.Tar;
using System.Text;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Tests.Contract;

/// <summary>
/// What every sandbox backend must do, in sandbox terms only. A backend passes by deriving a class
/// that supplies the backend, a spec it can start, and a way to kill a sandbox from outside.
/// </summary>
public abstract class SandboxBackendContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The backend under test; skips when it cannot run here.</summary>
    protected abstract Task<ISandboxBackend> BackendAsync();

    /// <summary>A spec of this backend's everyday environment (bash, a working directory).</summary>
    protected abstract EnvironmentSpec Spec { get; }

    /// <summary>An image the backend does not have.</summary>
    protected abstract string MissingImage { get; }

    /// <summary>Stops the sandbox the way a crash would: from outside, not through the backend's verbs.</summary>
    protected abstract Task KillFromOutsideAsync(ISandboxBackend backend, SandboxHandle sandbox);

    private async Task<(ISandboxBackend Backend, SandboxHandle Sandbox)> StartAsync()
    {
        var backend = await BackendAsync();
        return (backend, await backend.StartAsync(Spec, Ids.New(10), Ct));
    }

    private SandboxExecRequest Bash(string script) => new(["bash", "-c", script], Spec.User) { WorkingDirectory = Spec.WorkingDirectory };

    [Fact]
    public async Task A_started_sandbox_runs_is_listed_and_is_gone_after_removal()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            Assert.Equal(SandboxRunState.Running, (await backend.GetStatusAsync(sandbox, Ct)).State);
            var owned = Assert.Single(await backend.ListOwnedAsync(Ct), o => o.Handle.SandboxId == sandbox.SandboxId);
            Assert.True(owned.Running);
            Assert.Equal(Spec.Name, owned.Handle.Environment);
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
        Assert.Equal(SandboxRunState.Gone, (await backend.GetStatusAsync(sandbox, Ct)).State);
        Assert.DoesNotContain(await backend.ListOwnedAsync(Ct), o => o.Handle.SandboxId == sandbox.SandboxId);
        await backend.RemoveAsync(sandbox, Ct); // idempotent
        await Assert.ThrowsAsync<SandboxGoneException>(() => backend.RunAsync(sandbox, Bash("true"), Ct));
    }

    [Fact]
    public async Task A_command_reports_stdout_and_stderr_apart_with_its_exit_code()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            var result = await backend.RunAsync(sandbox, Bash("echo out; echo err >&2; echo \"$GREETING\"; exit 3") with
            {
                Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
            }, Ct);
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("out\nhello\n", result.Stdout);
            Assert.Equal("err\n", result.Stderr);
            Assert.False(result.Truncated);
            Assert.False(result.TimedOut);
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task Output_past_the_limit_is_dropped_and_flagged_while_the_command_completes()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            var result = await backend.RunAsync(sandbox, Bash("head -c 100000 /dev/zero | tr '\\0' x; echo done >&2") with { OutputLimitBytes = 1000 }, Ct);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new string('x', 1000), result.Stdout);
            Assert.Equal("done\n", result.Stderr);
            Assert.True(result.Truncated);
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task A_script_past_its_deadline_is_killed_with_what_it_started()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            // The child writes a marker only if it survives its parent's kill by two seconds.
            var result = await backend.RunAsync(sandbox, SandboxExecRequest.Script(
                "echo started; (sleep 3; echo survived > survivor) & sleep 600", TimeSpan.FromSeconds(1), user: Spec.User) with { WorkingDirectory = Spec.WorkingDirectory }, Ct);
            Assert.True(result.TimedOut);
            Assert.Equal(137, result.ExitCode);
            Assert.Equal("started\n", result.Stdout);
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            var survivor = await backend.RunAsync(sandbox, Bash("cat survivor 2>/dev/null || echo none"), Ct);
            Assert.Equal("none\n", survivor.Stdout);
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task A_shell_is_a_terminal_that_echoes_resizes_and_reports_its_exit()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            await using var shell = await backend.StartShellAsync(sandbox, new ShellRequest(["bash", "--norc", "-i"], Spec.User, Spec.WorkingDirectory, 100, 30), Ct);
            await shell.Stream.WriteAsync(Encoding.UTF8.GetBytes("echo $((6*7))-ok; stty size\n"), Ct);
            var output = await ReadUntilAsync(shell.Stream, "30 100");
            Assert.Contains("42-ok", output);

            await shell.ResizeAsync(120, 40, Ct);
            await shell.Stream.WriteAsync(Encoding.UTF8.GetBytes("stty size\n"), Ct);
            await ReadUntilAsync(shell.Stream, "40 120");

            Assert.Null(await shell.GetExitCodeAsync(Ct));
            await shell.Stream.WriteAsync(Encoding.UTF8.GetBytes("exit 7\n"), Ct);
            var buffer = new byte[4096];
            while (await shell.Stream.ReadAsync(buffer, Ct) > 0) { }
            long? exit = null;
            for (var i = 0; i < 100 && exit is null; i++)
            {
                exit = await shell.GetExitCodeAsync(Ct);
                if (exit is null) await Task.Delay(50, Ct);
            }
            Assert.Equal(7, exit);
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task A_port_stream_reaches_a_server_inside_and_a_closed_port_is_refused_at_once()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            var port = FreeLoopbackPort();
            await Assert.ThrowsAsync<SandboxPortClosedException>(() => backend.OpenPortStreamAsync(sandbox, port, Ct));

            // An upper-casing echo server in Perl (in every Debian image and on the host), bounded in time so nothing
            // outlives the test (the local backend shares the host's network).
            const string echo = "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ARGV[0], Listen => 5, ReuseAddr => 1) or die $!; " +
                "while (my $c = $s->accept) { while (sysread($c, my $b, 4096)) { syswrite($c, uc $b) } close $c }";
            var started = await backend.RunAsync(sandbox, Bash($"setsid timeout 60 perl -e \"$ECHO\" {port} >/dev/null 2>&1 < /dev/null & echo started") with
            {
                Environment = new Dictionary<string, string> { ["ECHO"] = echo },
            }, Ct);
            Assert.Equal("started\n", started.Stdout);

            Stream? stream = null;
            for (var attempt = 0; stream is null; attempt++)
            {
                try
                {
                    stream = await backend.OpenPortStreamAsync(sandbox, port, Ct);
                }
                catch (SandboxPortClosedException) when (attempt < 100)
                {
                    await Task.Delay(100, Ct);
                }
            }
            await using (stream)
            {
                await stream.WriteAsync("hello through the sandbox\n"u8.ToArray(), Ct);
                var answer = await ReadUntilAsync(stream, "SANDBOX\n");
                Assert.Equal("HELLO THROUGH THE SANDBOX\n", answer);
            }
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Files_copied_in_are_seen_by_commands_and_come_back_out()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            var archive = new MemoryStream();
            await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "greeting.txt")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes("hello from the host\n")),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                await writer.WriteEntryAsync(entry, Ct);
            }
            archive.Position = 0;
            await backend.CopyInAsync(sandbox, Spec.WorkingDirectory, archive, Ct);

            var seen = await backend.RunAsync(sandbox, Bash("cat greeting.txt && echo changed > answer.txt"), Ct);
            Assert.Equal("hello from the host\n", seen.Stdout);

            await using var back = await backend.CopyOutAsync(sandbox, Spec.WorkingDirectory.TrimEnd('/') + "/answer.txt", Ct);
            await using var reader = new TarReader(back);
            var file = await reader.GetNextEntryAsync(cancellationToken: Ct);
            Assert.NotNull(file);
            Assert.Equal("answer.txt", file!.Name);
            using var text = new StreamReader(file.DataStream!);
            Assert.Equal("changed\n", await text.ReadToEndAsync(Ct));
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task A_sandbox_killed_from_outside_is_reported_as_stopped_and_refuses_commands()
    {
        var backend = await BackendAsync();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sandbox = await backend.StartAsync(Spec, Ids.New(10), Ct);
        var seen = new TaskCompletionSource<SandboxStopped>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var stop in backend.WatchStopsAsync(watching.Token))
                    if (stop.SandboxId == sandbox.SandboxId) seen.TrySetResult(stop);
            }
            catch (OperationCanceledException) { }
        });
        try
        {
            // The watcher must be listening before the kill: give the stream a moment to connect, then kill.
            await Task.Delay(500, Ct);
            await KillFromOutsideAsync(backend, sandbox);
            var stopped = await seen.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.Equal(sandbox.SandboxId, stopped.SandboxId);
            Assert.Equal(SandboxRunState.Exited, stopped.State);
            Assert.NotEqual(SandboxRunState.Running, (await backend.GetStatusAsync(sandbox, Ct)).State);
            var refused = await Assert.ThrowsAnyAsync<SandboxException>(() => backend.RunAsync(sandbox, Bash("true"), Ct));
            Assert.True(refused is SandboxNotRunningException or SandboxGoneException, refused.GetType().Name);
        }
        finally
        {
            await watching.CancelAsync();
            await watch;
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task An_environment_whose_image_is_missing_is_unavailable_with_a_reason_and_does_not_start()
    {
        var backend = await BackendAsync();
        Assert.True((await backend.GetAvailabilityAsync(Spec, Ct)).Available);
        var missing = Spec with { Image = MissingImage };
        var availability = await backend.GetAvailabilityAsync(missing, Ct);
        Assert.False(availability.Available);
        Assert.Contains(MissingImage, availability.Reason);
        var before = (await backend.ListOwnedAsync(Ct)).Count;
        await Assert.ThrowsAsync<SandboxStartException>(() => backend.StartAsync(missing, Ids.New(10), Ct));
        Assert.Equal(before, (await backend.ListOwnedAsync(Ct)).Count);
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string expected)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        Assert.Contains(expected, seen.ToString());
        return seen.ToString();
    }
}
