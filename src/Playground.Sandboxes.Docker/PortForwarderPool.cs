using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// The port forwarders (<see cref="DockerPortForwarder"/>) of each sandbox that has had a port stream (web
/// previews). A closed connection gives its forwarder back here, so the next connection costs one frame round trip
/// and a connect instead of a new exec; one spare is started whenever a sandbox has no idle forwarder left, so a
/// browser's next parallel connection does not wait for an exec either. Forwarders go when the sandbox is removed
/// (<see cref="Forget"/>), when nothing was opened into the sandbox for <c>idle</c> (checked once per that period,
/// so within twice it), when more than <c>maxIdlePerSandbox</c> would sit idle, and when the pool is disposed.
/// An idle forwarder is a waiting perl process as <c>nobody</c> in the sandbox (a few MB); closing its exec
/// connection ends its stdin and so the process. One that died (killed by the learner, sandbox restarted) is
/// noticed when it is taken, and the next one (or a new one) is used.
/// </summary>
internal sealed class PortForwarderPool(DockerClient docker, ILogger logger, int maxIdlePerSandbox = 6, TimeSpan? idle = null) : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _idle = idle ?? TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>Idle forwarders of <paramref name="sandboxId"/> now (spares still starting not counted); for tests.</summary>
    public int IdleCount(string sandboxId)
    {
        lock (_entries) return _entries.TryGetValue(sandboxId, out var entry) ? entry.Idle.Count : 0;
    }

    /// <summary>
    /// A connection to <c>127.0.0.1:<paramref name="port"/></c> in the sandbox. Throws
    /// <see cref="SandboxPortClosedException"/> when nothing listens there.
    /// </summary>
    public async Task<Stream> OpenAsync(string container, string sandboxId, int port, CancellationToken ct)
    {
        while (Take(container, sandboxId) is { } pooled)
        {
            try
            {
                await pooled.ConnectAsync(port, ct);
                return new ForwardedConnection(pooled, this);
            }
            catch (SandboxPortClosedException)
            {
                Return(pooled);
                throw;
            }
            catch (Exception e)
            {
                pooled.Dispose();
                if (e is OperationCanceledException) throw;
                logger.LogDebug("An idle port forwarder of sandbox {SandboxId} was dead: {Message}", sandboxId, e.Message);
            }
        }
        var fresh = await DockerPortForwarder.StartAsync(docker, container, sandboxId, ct);
        try
        {
            await fresh.ConnectAsync(port, ct);
            return new ForwardedConnection(fresh, this);
        }
        catch (SandboxPortClosedException)
        {
            Return(fresh);
            throw;
        }
        catch
        {
            fresh.Dispose();
            throw;
        }
    }

    /// <summary>Closes the forwarders of <paramref name="sandboxId"/> (it is being removed); ones in use close when their connection does.</summary>
    public void Forget(string sandboxId)
    {
        Entry? entry;
        lock (_entries)
        {
            if (!_entries.Remove(sandboxId, out entry)) return;
        }
        Close(entry);
    }

    /// <summary>Ends a connection that finished cleanly and keeps its forwarder for the next one (in the background).</summary>
    public void Release(DockerPortForwarder forwarder) => _ = ReleaseAsync(forwarder);

    /// <summary>Closes a forwarder whose connection did not finish cleanly.</summary>
    public void Discard(DockerPortForwarder forwarder) => forwarder.Dispose();

    private async Task ReleaseAsync(DockerPortForwarder forwarder)
    {
        bool reusable;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
            timeout.CancelAfter(CloseTimeout);
            reusable = await forwarder.CloseConnectionAsync(timeout.Token);
        }
        catch (ObjectDisposedException)
        {
            reusable = false;
        }
        if (reusable) Return(forwarder);
        else forwarder.Dispose();
    }

    private DockerPortForwarder? Take(string container, string sandboxId)
    {
        lock (_entries)
        {
            if (_disposed.IsCancellationRequested) return null;
            if (!_entries.TryGetValue(sandboxId, out var entry))
            {
                entry = new Entry(container);
                entry.Timer = new Timer(_ => Expire(sandboxId), null, _idle, _idle);
                _entries[sandboxId] = entry;
            }
            entry.LastUsed = Environment.TickCount64;
            var taken = entry.Idle.Count > 0 ? entry.Idle.Pop() : null;
            if (entry.Idle.Count == 0 && entry.Starting == 0)
            {
                entry.Starting++;
                _ = StartSpareAsync(entry, sandboxId);
            }
            return taken;
        }
    }

    private async Task StartSpareAsync(Entry entry, string sandboxId)
    {
        DockerPortForwarder? spare = null;
        try
        {
            spare = await DockerPortForwarder.StartAsync(docker, entry.Container, sandboxId, _disposed.Token);
        }
        catch (Exception e)
        {
            // The sandbox is gone or stopped: no spare; the next open tries again.
            logger.LogDebug("A spare port forwarder for sandbox {SandboxId} did not start: {Message}", sandboxId, e.Message);
        }
        lock (_entries)
        {
            entry.Starting--;
            if (spare is null) return;
            if (!_disposed.IsCancellationRequested && _entries.TryGetValue(sandboxId, out var current) && current == entry && entry.Idle.Count < maxIdlePerSandbox)
            {
                entry.Idle.Push(spare);
                return;
            }
        }
        spare.Dispose();
    }

    private void Return(DockerPortForwarder forwarder)
    {
        lock (_entries)
        {
            if (!_disposed.IsCancellationRequested && _entries.TryGetValue(forwarder.SandboxId, out var entry) && entry.Idle.Count < maxIdlePerSandbox)
            {
                entry.Idle.Push(forwarder);
                entry.LastUsed = Environment.TickCount64;
                return;
            }
        }
        forwarder.Dispose();
    }

    private void Expire(string sandboxId)
    {
        Entry? entry;
        lock (_entries)
        {
            // The timer ticks once per idle period; a sandbox used within the last one keeps its forwarders.
            if (!_entries.TryGetValue(sandboxId, out entry) || Environment.TickCount64 - entry.LastUsed < _idle.TotalMilliseconds) return;
            _entries.Remove(sandboxId);
        }
        Close(entry);
    }

    private void Close(Entry entry)
    {
        entry.Timer?.Dispose();
        DockerPortForwarder[] idle;
        lock (_entries)
        {
            idle = [.. entry.Idle];
            entry.Idle.Clear();
        }
        foreach (var forwarder in idle) forwarder.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        List<Entry> entries;
        lock (_entries)
        {
            if (_disposed.IsCancellationRequested) return ValueTask.CompletedTask;
            _disposed.Cancel();
            entries = [.. _entries.Values];
            _entries.Clear();
        }
        foreach (var entry in entries) Close(entry);
        return ValueTask.CompletedTask;
    }

    private sealed class Entry(string container)
    {
        public string Container { get; } = container;
        public Timer? Timer { get; set; }
        /// <summary>When a connection was last opened or given back (<see cref="Environment.TickCount64"/>, ms).</summary>
        public long LastUsed { get; set; }
        public int Starting { get; set; }
        public Stack<DockerPortForwarder> Idle { get; } = new();
    }
}
