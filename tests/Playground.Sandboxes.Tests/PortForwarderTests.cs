using Microsoft.Extensions.Logging.Abstractions;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Docker;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

/// <summary>
/// The Docker backend's port forwarders (web previews): one forwarder process carries connection after connection,
/// bytes keep their order whatever the reader's buffer, and no forwarder outlives its sandbox, its idle time or
/// its own death inside the sandbox. Processes are counted inside the sandbox (the forwarders run as nobody).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PortForwarderTests(DockerEngine engine) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Sends 256 KiB of a counting pattern to every client, then closes (bounded in time: nothing outlives the test).
    private const string PatternServer =
        "import socket,sys\ns=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(16)\n" +
        "data=bytes(i % 251 for i in range(256*1024))\nwhile True:\n c,_=s.accept(); c.sendall(data); c.close()\n";

    private SandboxHarness? _harness;

    private async Task<(DockerSandboxBackend Backend, SandboxHandle Sandbox)> StartAsync()
    {
        engine.RequireEngine();
        var spec = EnvironmentSpecLoader.LoadFile(Path.Combine(RepoPaths.SandboxImages, "shell", "environment.yaml"));
        await engine.RequireImageAsync(spec.Image, Ct);
        _harness ??= new SandboxHarness(engine);
        var backend = (DockerSandboxBackend)_harness.Backend;
        return (backend, await backend.StartAsync(spec, Ids.New(10), Ct));
    }

    private static async Task StartServerAsync(ISandboxBackend backend, SandboxHandle sandbox, int port)
    {
        var started = await backend.RunAsync(sandbox, new SandboxExecRequest(["bash", "-c",
            $"setsid timeout 120 python3 -c \"$SERVER\" {port} >/dev/null 2>&1 < /dev/null & echo started"])
        {
            Environment = new Dictionary<string, string> { ["SERVER"] = PatternServer },
        }, Ct);
        Assert.Equal("started\n", started.Stdout);
    }

    private static async Task<Stream> OpenWhenListeningAsync(ISandboxBackend backend, SandboxHandle sandbox, int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await backend.OpenPortStreamAsync(sandbox, port, Ct);
            }
            catch (SandboxPortClosedException) when (attempt < 100)
            {
                await Task.Delay(100, Ct);
            }
        }
    }

    private static async Task<int> ForwarderProcessesAsync(ISandboxBackend backend, SandboxHandle sandbox)
    {
        var result = await backend.RunAsync(sandbox, new SandboxExecRequest(["bash", "-c", "pgrep -c -u nobody -x perl || true"]), Ct);
        return int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls a condition (the pool works in the background) for up to 30 s; proves behaviour, not speed.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition()) return;
            await Task.Delay(100, Ct);
        }
        Assert.Fail($"not within 30 s: {what}");
    }

    private static byte[] Expected => [.. Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i % 251))];

    [Fact]
    public async Task Connections_one_after_another_reuse_the_forwarder_and_tiny_reads_keep_the_bytes_in_order()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            await StartServerAsync(backend, sandbox, 8000);
            for (var i = 0; i < 5; i++)
            {
                await using (var stream = await OpenWhenListeningAsync(backend, sandbox, 8000))
                {
                    // 7-byte reads split every frame; odd sizes on purpose. Every other round reads into memory that is no array.
                    var received = new MemoryStream();
                    using var native = new NativeBuffer(7);
                    var buffer = new byte[7];
                    while (true)
                    {
                        var n = i % 2 == 0 ? await stream.ReadAsync(buffer, Ct) : await stream.ReadAsync(native.Memory, Ct);
                        if (n == 0) break;
                        received.Write(i % 2 == 0 ? buffer.AsSpan(0, n) : native.Memory.Span[..n]);
                    }
                    Assert.Equal(Expected, received.ToArray());
                }
                // The closed connection's forwarder goes back to the pool (in the background) before the next one.
                await EventuallyAsync(() => Task.FromResult(backend.PortForwarders.IdleCount(sandbox.SandboxId) >= 2), "the forwarder and the spare idle");
            }
            // One forwarder carried all five connections, plus the one spare.
            Assert.Equal(2, await ForwarderProcessesAsync(backend, sandbox));
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task A_refused_port_and_a_forwarder_killed_inside_the_sandbox_leave_the_next_connection_working()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            await Assert.ThrowsAsync<SandboxPortClosedException>(() => backend.OpenPortStreamAsync(sandbox, 8001, Ct));
            await StartServerAsync(backend, sandbox, 8001);
            await using (var first = await OpenWhenListeningAsync(backend, sandbox, 8001))
            {
                Assert.Equal(Expected, await ReadToEndAsync(first));
            }
            await EventuallyAsync(() => Task.FromResult(backend.PortForwarders.IdleCount(sandbox.SandboxId) >= 2), "the forwarder and the spare idle");

            // The learner is root in the sandbox and may kill anything: idle forwarders that died are skipped.
            await backend.RunAsync(sandbox, new SandboxExecRequest(["bash", "-c", "pkill -KILL -u nobody -x perl; true"], "root"), Ct);
            await using (var second = await backend.OpenPortStreamAsync(sandbox, 8001, Ct))
            {
                Assert.Equal(Expected, await ReadToEndAsync(second));
            }
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task Forwarders_close_when_the_sandbox_is_forgotten_also_one_still_in_use()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            await StartServerAsync(backend, sandbox, 8002);
            await using (var done = await OpenWhenListeningAsync(backend, sandbox, 8002))
            {
                await ReadToEndAsync(done);
            }
            await EventuallyAsync(() => Task.FromResult(backend.PortForwarders.IdleCount(sandbox.SandboxId) >= 2), "the forwarder and the spare idle");
            var inUse = await backend.OpenPortStreamAsync(sandbox, 8002, Ct);
            Assert.True(await ForwarderProcessesAsync(backend, sandbox) >= 2);

            // What RemoveAsync does first (the container's removal would end them anyway, which would prove nothing).
            backend.PortForwarders.Forget(sandbox.SandboxId);
            await EventuallyAsync(async () => await ForwarderProcessesAsync(backend, sandbox) == 1, "only the forwarder in use left");
            await inUse.DisposeAsync();
            await EventuallyAsync(async () => await ForwarderProcessesAsync(backend, sandbox) == 0, "no forwarder left");
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    [Fact]
    public async Task Idle_forwarders_close_after_the_idle_time_and_when_the_pool_is_disposed()
    {
        var (backend, sandbox) = await StartAsync();
        try
        {
            await StartServerAsync(backend, sandbox, 8003);
            var docker = _harness!.Get<global::Docker.DotNet.DockerClient>();
            await using (var pool = new PortForwarderPool(docker, NullLogger.Instance, idle: TimeSpan.FromSeconds(1)))
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await using var stream = await pool.OpenAsync(sandbox.BackendReference!, sandbox.SandboxId, 8003, Ct);
                        await ReadToEndAsync(stream);
                        break;
                    }
                    catch (SandboxPortClosedException) when (attempt < 100)
                    {
                        await Task.Delay(100, Ct);
                    }
                }
                await EventuallyAsync(async () => await ForwarderProcessesAsync(backend, sandbox) == 0, "idle forwarders closed after 1 s idle");
            }

            await using (var pool = new PortForwarderPool(docker, NullLogger.Instance))
            {
                await using (var stream = await pool.OpenAsync(sandbox.BackendReference!, sandbox.SandboxId, 8003, Ct))
                {
                    await ReadToEndAsync(stream);
                }
                await EventuallyAsync(() => Task.FromResult(pool.IdleCount(sandbox.SandboxId) >= 2), "the forwarder and the spare idle");
            }
            await EventuallyAsync(async () => await ForwarderProcessesAsync(backend, sandbox) == 0, "no forwarder after the pool was disposed");
        }
        finally
        {
            await backend.RemoveAsync(sandbox, Ct);
        }
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        var received = new MemoryStream();
        await stream.CopyToAsync(received, Ct);
        return received.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null) await _harness.DisposeAsync();
    }

    /// <summary>Memory whose array the stream cannot get (TryGetArray is false), so it must copy instead of reading in place.</summary>
    private sealed class NativeBuffer(int length) : System.Buffers.MemoryManager<byte>
    {
        private readonly byte[] _bytes = new byte[length];

        public override Span<byte> GetSpan() => _bytes;
        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("not pinned in this test");
        public override void Unpin() { }
        protected override void Dispose(bool disposing) { }
    }
}
