using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// Sandboxes as containers on a Docker engine (Docker.DotNet). The backend reference saved with a
/// workspace is the container id; records without one fall back to the container's name.
/// </summary>
internal sealed class DockerSandboxBackend(
    DockerClient docker,
    IOptions<SandboxOptions> options,
    ILogger<DockerSandboxBackend> logger,
    TimeProvider? time = null) : ISandboxBackend, IAsyncDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The port forwarders of the sandboxes that have had a port stream (web previews), kept for reuse.</summary>
    internal PortForwarderPool PortForwarders { get; } = new(docker, logger);
    private string InstanceId => options.Value.InstanceId;

    public async Task<EnvironmentAvailability> GetAvailabilityAsync(EnvironmentSpec spec, CancellationToken ct)
    {
        try
        {
            await docker.Images.InspectImageAsync(spec.Image, ct);
            return EnvironmentAvailability.Yes;
        }
        catch (DockerImageNotFoundException)
        {
            return new EnvironmentAvailability(false, $"the image {spec.Image} is not built on this server", spec.UnavailableHint ?? $"Run: sandbox-images/build.sh {spec.Name}");
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new EnvironmentAvailability(false, $"the image {spec.Image} is not built on this server", spec.UnavailableHint ?? $"Run: sandbox-images/build.sh {spec.Name}");
        }
        catch (Exception e) when (DockerErrors.Translate("", e) is SandboxBackendUnavailableException unavailable)
        {
            return new EnvironmentAvailability(false, unavailable.Message, "Start it with: src/scripts/engine.sh");
        }
    }

    public async Task<SandboxHandle> StartAsync(EnvironmentSpec spec, string sandboxId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // Asked here too, so no path (pool, self-test, a test) starts a host-root-equivalent sandbox.
        if (EnvironmentCatalog.RefusalOf(spec, options.Value.AllowUnconfinedEnvironments) is { } refusal)
            throw new SandboxStartException($"a '{spec.Name}' sandbox is refused: {refusal.Reason}");
        var labels = SandboxLabels.For(InstanceId, spec.Name, sandboxId);
        string containerId;
        try
        {
            var network = spec.Network == NetworkMode.Bridge ? await EnsureNetworkAsync(ct) : null;
            var request = ContainerRequestFactory.Create(spec, labels, network, ContainerName(sandboxId));
            containerId = (await docker.Containers.CreateContainerAsync(request, ct)).ID;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SandboxStartException($"could not create a '{spec.Name}' sandbox: {(e is DockerApiException d ? DockerErrors.Message(d) : e.Message)}", e);
        }

        try
        {
            await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), ct);
            await WaitReadyAsync(spec, containerId, ct);
        }
        catch (Exception e)
        {
            // A half-started container is a leak nobody owns; remove it before reporting.
            await RemoveQuietlyAsync(containerId);
            if (e is OperationCanceledException) throw;
            throw e as SandboxStartException ?? new SandboxStartException(
                $"could not start a '{spec.Name}' sandbox: {(e is DockerApiException d ? DockerErrors.Message(d) : e.Message)}", e);
        }

        logger.LogInformation("Sandbox {SandboxId} ({Environment}) ready in {ElapsedMs} ms as container {ContainerId}",
            sandboxId, spec.Name, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, containerId[..12]);
        return new SandboxHandle(sandboxId, spec.Name, _time.GetUtcNow(), containerId);
    }

    /// <summary>
    /// Waits for the readiness probe with ONE exec that loops inside the sandbox: every exec
    /// costs the engine ~70-100 ms here, so polling from outside would add that to every start.
    /// A probe exiting 2 means "never" (e.g. the inner engine failed) and ends the wait at once.
    /// </summary>
    private async Task WaitReadyAsync(EnvironmentSpec spec, string containerId, CancellationToken ct)
    {
        if (spec.Ready.IsTrivial) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(spec.Ready.Timeout);
        var probe = string.Join(' ', spec.Ready.Command.Select(ShellQuote));
        var interval = Math.Max(0.01, spec.Ready.Interval.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture);
        var loop = $"while :; do {probe}; rc=$?; [ $rc -eq 0 ] && exit 0; [ $rc -eq 2 ] && exit 2; sleep {interval}; done";
        try
        {
            var result = await DockerExec.RunAsync(docker, containerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", loop], User = "root" }, 4096, timeout.Token);
            if (result.ExitCode == 0) return;
            var output = (result.Stdout + result.Stderr).Trim();
            var state = (await docker.Containers.InspectContainerAsync(containerId, timeout.Token)).State;
            throw new SandboxStartException(state?.Running != true
                ? $"the '{spec.Name}' sandbox stopped while starting (exit code {state?.ExitCode}): {output}"
                : $"the '{spec.Name}' sandbox will not become ready: {output}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SandboxStartException($"the '{spec.Name}' sandbox was not ready after {spec.Ready.Timeout.TotalSeconds:0} s");
        }
    }

    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',')
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    public async Task<SandboxStatus> GetStatusAsync(SandboxHandle sandbox, CancellationToken ct)
    {
        try
        {
            var state = (await docker.Containers.InspectContainerAsync(Container(sandbox), ct)).State;
            if (state is null) return new SandboxStatus(SandboxRunState.Gone);
            if (state.Running) return new SandboxStatus(SandboxRunState.Running);
            return new SandboxStatus(state.OOMKilled ? SandboxRunState.OutOfMemory : SandboxRunState.Exited, state.ExitCode, state.Error);
        }
        catch (DockerContainerNotFoundException)
        {
            return new SandboxStatus(SandboxRunState.Gone);
        }
        catch (Exception e) when (DockerErrors.Translate(sandbox.SandboxId, e) is { } translated)
        {
            throw translated;
        }
    }

    public async Task RemoveAsync(SandboxHandle sandbox, CancellationToken ct)
    {
        PortForwarders.Forget(sandbox.SandboxId);
        try
        {
            await docker.Containers.RemoveContainerAsync(Container(sandbox), new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: removal is idempotent.
        }
        catch (Exception e) when (DockerErrors.Translate(sandbox.SandboxId, e) is { } translated)
        {
            throw translated;
        }
        logger.LogInformation("Sandbox {SandboxId} removed", sandbox.SandboxId);
    }

    public async Task<SandboxExecResult> RunAsync(SandboxHandle sandbox, SandboxExecRequest request, CancellationToken ct)
    {
        // The deadline is enforced inside the sandbox by coreutils timeout, so a runaway script dies
        // with its exec instead of lingering after we stop reading (exit 137 when killed).
        var command = request.TimeoutSeconds is { } seconds
            ? ["timeout", "-s", "KILL", seconds.ToString(CultureInfo.InvariantCulture), .. request.Command]
            : request.Command.ToList();
        var started = _time.GetTimestamp();
        var result = await DockerErrors.Call(sandbox.SandboxId, () => DockerExec.RunAsync(docker, Container(sandbox), new ContainerExecCreateParameters
        {
            Cmd = command,
            User = request.User,
            WorkingDir = request.WorkingDirectory,
            Env = request.Environment?.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
        }, request.OutputLimitBytes, ct));
        var timedOut = result.ExitCode == 137 && request.Timeout is { } limit && _time.GetElapsedTime(started) >= limit;
        return new SandboxExecResult(result.ExitCode, result.Stdout, result.Stderr, result.Truncated, timedOut);
    }

    public async Task<IShellProcess> StartShellAsync(SandboxHandle sandbox, ShellRequest request, CancellationToken ct)
    {
        var marker = Workspaces.Ids.New(10);
        var env = new List<string> { "TERM=xterm-256color", "LANG=C.UTF-8", $"COLUMNS={request.Columns}", $"LINES={request.Rows}", $"{DockerShellProcess.MarkerVariable}={marker}" };
        if (request.Environment is not null) env.AddRange(request.Environment.Select(kv => $"{kv.Key}={kv.Value}"));
        var container = Container(sandbox);
        var (execId, stream) = await DockerErrors.Call(sandbox.SandboxId, async () =>
        {
            var exec = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
            {
                Cmd = request.Command.ToList(),
                User = request.User,
                WorkingDir = request.WorkingDirectory,
                Env = env,
                TTY = true,
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
            }, ct);
            var multiplexed = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = true }, ct);
            return (exec.ID, new TtyStream(multiplexed));
        });
        var shell = new DockerShellProcess(docker, execId, stream, container, sandbox.SandboxId, request.User, marker, logger);
        try
        {
            await shell.ResizeAsync(request.Columns, request.Rows, ct);
        }
        catch (SandboxException e)
        {
            // The shell can start before its TTY is sizable; the first resize frame fixes it.
            logger.LogDebug("Initial resize of exec {ExecId} failed: {Message}", execId, e.Message);
        }
        return shell;
    }

    public Task<Stream> OpenPortStreamAsync(SandboxHandle sandbox, int port, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return DockerErrors.Call(sandbox.SandboxId, () => PortForwarders.OpenAsync(Container(sandbox), sandbox.SandboxId, port, ct));
    }

    /// <summary>Closes the idle port forwarders (their processes in the sandboxes end with their exec connections).</summary>
    public ValueTask DisposeAsync() => PortForwarders.DisposeAsync();

    public Task CopyInAsync(SandboxHandle sandbox, string directory, Stream tarArchive, CancellationToken ct) =>
        DockerErrors.Call(sandbox.SandboxId, () => docker.Containers.ExtractArchiveToContainerAsync(
            Container(sandbox), new CopyToContainerParameters { Path = directory }, tarArchive, ct));

    public Task<Stream> CopyOutAsync(SandboxHandle sandbox, string path, CancellationToken ct) =>
        DockerErrors.Call(sandbox.SandboxId, async () => (await docker.Containers.GetArchiveFromContainerAsync(
            Container(sandbox), new ContainerPathStatParameters { Path = path }, false, ct)).Stream);

    public Task<IReadOnlyList<OwnedSandbox>> ListOwnedAsync(CancellationToken ct) => DockerErrors.Call("", async () =>
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = InstanceFilter() }, ct);
        IReadOnlyList<OwnedSandbox> owned = containers
            .Where(c => c.Labels is not null && c.Labels.ContainsKey(SandboxLabels.SandboxId))
            .Select(c => new OwnedSandbox(
                new SandboxHandle(
                    c.Labels[SandboxLabels.SandboxId],
                    (c.Labels.TryGetValue(SandboxLabels.Environment, out var environment) ? environment : ""),
                    new DateTimeOffset(DateTime.SpecifyKind(c.Created, DateTimeKind.Utc)),
                    c.ID),
                string.Equals(c.State, "running", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return owned;
    });

    public Task<int> RemoveOrphanedResourcesAsync(CancellationToken ct) => DockerErrors.Call("", async () =>
    {
        var removed = 0;
        var volumes = await docker.Volumes.ListAsync(new VolumesListParameters { Filters = InstanceFilter() }, ct);
        foreach (var volume in volumes.Volumes ?? [])
        {
            try
            {
                await docker.Volumes.RemoveAsync(volume.Name, false, ct);
                removed++;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Still mounted by a live sandbox: it goes with that sandbox.
            }
        }
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = InstanceFilter() }, ct);
        if (containers.Count == 0)
        {
            foreach (var network in await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = InstanceFilter() }, ct))
            {
                try
                {
                    await docker.Networks.DeleteNetworkAsync(network.ID, ct);
                    removed++;
                }
                catch (DockerApiException e)
                {
                    logger.LogWarning("Could not remove network {Network}: {Message}", network.Name, DockerErrors.Message(e));
                }
            }
        }
        return removed;
    });

    /// <summary>
    /// The engine's event stream, filtered to this instance's containers dying (OOM kills end in a
    /// die too). Each die is inspected once for the OOM flag. Reconnects after a lost stream.
    /// </summary>
    public async IAsyncEnumerable<SandboxStopped> WatchStopsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        var pump = PumpEventsAsync(channel.Writer, ct);
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(ct))
            {
                if (message.Actor?.Attributes is not { } attributes || !attributes.TryGetValue(SandboxLabels.SandboxId, out var sandboxId)) continue;
                long? exitCode = attributes.TryGetValue("exitCode", out var code) && long.TryParse(code, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                var state = SandboxRunState.Exited;
                try
                {
                    var inspected = await docker.Containers.InspectContainerAsync(message.Actor.ID, ct);
                    if (inspected.State?.Running == true) continue; // restarted meanwhile
                    if (inspected.State?.OOMKilled == true) state = SandboxRunState.OutOfMemory;
                }
                catch (DockerContainerNotFoundException)
                {
                    state = SandboxRunState.Gone;
                }
                catch (Exception e) when (e is not OperationCanceledException && DockerErrors.Translate(sandboxId, e) is not null)
                {
                    logger.LogDebug("Inspect after die of {SandboxId} failed: {Message}", sandboxId, e.Message);
                }
                yield return new SandboxStopped(sandboxId, state, exitCode);
            }
        }
        finally
        {
            channel.Writer.TryComplete();
            try { await pump; } catch (OperationCanceledException) { }
        }
    }

    private async Task PumpEventsAsync(ChannelWriter<Message> writer, CancellationToken ct)
    {
        var filters = InstanceFilter();
        filters["type"] = new Dictionary<string, bool> { ["container"] = true };
        filters["event"] = new Dictionary<string, bool> { ["die"] = true };
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await docker.System.MonitorEventsAsync(new ContainerEventsParameters { Filters = filters }, new ToChannel(writer), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Docker event stream lost ({Message}); reconnecting in {DelayMs} ms (the sweep covers the gap)", e.Message, (int)delay.TotalMilliseconds);
            }
            try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { break; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    /// <summary>Synchronous <see cref="IProgress{T}"/>: Progress&lt;T&gt; would post to a context and reorder events.</summary>
    private sealed class ToChannel(ChannelWriter<Message> writer) : IProgress<Message>
    {
        public void Report(Message value) => writer.TryWrite(value);
    }

    private Dictionary<string, IDictionary<string, bool>> InstanceFilter() => new(StringComparer.Ordinal)
    {
        ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Instance}={InstanceId}"] = true },
    };

    private string ContainerName(string sandboxId) => $"pg-{InstanceId}-{sandboxId}";

    private string Container(SandboxHandle sandbox) => sandbox.BackendReference ?? ContainerName(sandbox.SandboxId);

    private async Task<string> EnsureNetworkAsync(CancellationToken ct)
    {
        var name = $"pg-{InstanceId}";
        var existing = await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = InstanceFilter() }, ct);
        if (existing.Any(n => n.Name == name)) return name;
        try
        {
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Labels = new Dictionary<string, string> { [SandboxLabels.Instance] = InstanceId },
            }, ct);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Created concurrently by another sandbox start: fine.
        }
        return name;
    }

    private async Task RemoveQuietlyAsync(string containerId)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await docker.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cts.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not remove failed container {ContainerId}", containerId);
        }
    }
}
