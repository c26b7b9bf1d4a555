using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Docker;
using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Engine;

/// <summary>Sandboxes as containers on the local Docker engine.</summary>
public sealed class DockerSandboxBackend(
    DockerClient docker,
    EnvironmentCatalog environments,
    IOptions<SandboxOptions> options,
    ILogger<DockerSandboxBackend> logger,
    TimeProvider? time = null) : ISandboxBackend
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private string InstanceId => options.Value.InstanceId;

    public async Task<SandboxHandle> StartAsync(EnvironmentSpec spec, string sandboxId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (environments.RefusalOf(spec) is { } refusal)
            throw new SandboxStartException($"a '{spec.Name}' sandbox is refused: {refusal.Reason}");
        var labels = SandboxLabels.For(InstanceId, spec.Name, sandboxId);
        var network = spec.Network == NetworkMode.Bridge ? await EnsureNetworkAsync(ct) : null;
        var request = ContainerRequestFactory.Create(spec, labels, network);
        string containerId;
        try
        {
            containerId = await docker.CreateContainerAsync(request, ContainerName(sandboxId), ct);
        }
        catch (DockerApiException e)
        {
            throw new SandboxStartException($"could not create a '{spec.Name}' sandbox: {e.Message}", e);
        }

        try
        {
            await docker.StartContainerAsync(containerId, ct);
            await WaitReadyAsync(spec, containerId, ct);
        }
        catch (Exception e)
        {
            // A half-started container is a leak nobody owns; remove it before reporting.
            await RemoveQuietlyAsync(containerId);
            if (e is OperationCanceledException) throw;
            throw e as SandboxStartException ?? new SandboxStartException($"could not start a '{spec.Name}' sandbox: {e.Message}", e);
        }

        logger.LogInformation("Sandbox {SandboxId} ({Environment}) ready in {ElapsedMs} ms as container {ContainerId}",
            sandboxId, spec.Name, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, containerId[..12]);
        return new SandboxHandle(sandboxId, containerId, spec.Name, _time.GetUtcNow());
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
        var interval = Math.Max(0.01, spec.Ready.Interval.TotalSeconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var loop = $"while :; do {probe}; rc=$?; [ $rc -eq 0 ] && exit 0; [ $rc -eq 2 ] && exit 2; sleep {interval}; done";
        try
        {
            var result = await docker.RunAsync(containerId, new ExecCreateRequest
            {
                Cmd = ["sh", "-c", loop],
                User = "root",
                AttachStdout = true,
                AttachStderr = true,
            }, 4096, timeout.Token);
            if (result.ExitCode == 0) return;
            var output = (result.Stdout + result.Stderr).Trim();
            var state = await docker.InspectContainerAsync(containerId, timeout.Token);
            throw new SandboxStartException(state.State?.Running != true
                ? $"the '{spec.Name}' sandbox stopped while starting (exit code {state.State?.ExitCode}): {output}"
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

    public async Task<SandboxStatus> PollAsync(SandboxHandle sandbox, CancellationToken ct)
    {
        try
        {
            var info = await docker.InspectContainerAsync(sandbox.ContainerId, ct);
            var state = info.State;
            if (state is null) return new SandboxStatus(SandboxRunState.Gone);
            if (state.Running == true) return new SandboxStatus(SandboxRunState.Running);
            return new SandboxStatus(state.OOMKilled == true ? SandboxRunState.OutOfMemory : SandboxRunState.Exited, state.ExitCode, state.Error);
        }
        catch (DockerNotFoundException)
        {
            return new SandboxStatus(SandboxRunState.Gone);
        }
    }

    public async Task StopAsync(SandboxHandle sandbox, CancellationToken ct)
    {
        await docker.RemoveContainerAsync(sandbox.ContainerId, force: true, removeVolumes: true, ct);
        logger.LogInformation("Sandbox {SandboxId} removed", sandbox.SandboxId);
    }

    public async Task<SandboxExecResult> ExecAsync(SandboxHandle sandbox, SandboxExecRequest request, CancellationToken ct)
    {
        var result = await docker.RunAsync(sandbox.ContainerId, new ExecCreateRequest
        {
            Cmd = request.Command.ToList(),
            User = request.User,
            WorkingDir = request.WorkingDirectory,
            Env = request.Environment?.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, request.OutputLimitBytes, ct);
        return new SandboxExecResult(result.ExitCode, result.Stdout, result.Stderr, result.StdoutTruncated || result.StderrTruncated);
    }

    public async Task<IShellProcess> OpenShellAsync(SandboxHandle sandbox, ShellRequest request, CancellationToken ct)
    {
        var marker = Workspaces.Ids.New(10);
        var env = new List<string> { "TERM=xterm-256color", "LANG=C.UTF-8", $"COLUMNS={request.Columns}", $"LINES={request.Rows}", $"{DockerShellProcess.MarkerVariable}={marker}" };
        if (request.Environment is not null) env.AddRange(request.Environment.Select(kv => $"{kv.Key}={kv.Value}"));
        var execId = await docker.CreateExecAsync(sandbox.ContainerId, new ExecCreateRequest
        {
            Cmd = request.Command.ToList(),
            User = request.User,
            WorkingDir = request.WorkingDirectory,
            Env = env,
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, ct);
        var stream = await docker.StartExecAsync(execId, tty: true, ct);
        var shell = new DockerShellProcess(docker, execId, stream, sandbox.ContainerId, request.User, marker, logger);
        try
        {
            await shell.ResizeAsync(request.Columns, request.Rows, ct);
        }
        catch (DockerApiException e)
        {
            // The shell can start before its TTY is sizable; the first resize frame fixes it.
            logger.LogDebug("Initial resize of exec {ExecId} failed: {Message}", execId, e.Message);
        }
        return shell;
    }

    public async Task<IReadOnlyList<OwnedSandbox>> ListOwnedAsync(CancellationToken ct)
    {
        var containers = await docker.ListContainersAsync(SandboxLabels.InstanceFilter(InstanceId), all: true, ct);
        return containers
            .Where(c => c.Labels is not null && c.Labels.ContainsKey(SandboxLabels.SandboxId))
            .Select(c => new OwnedSandbox(
                new SandboxHandle(
                    c.Labels![SandboxLabels.SandboxId],
                    c.Id,
                    c.Labels.GetValueOrDefault(SandboxLabels.Environment) ?? "",
                    DateTimeOffset.FromUnixTimeSeconds(c.Created)),
                string.Equals(c.State, "running", StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public async Task<int> RemoveOrphanedResourcesAsync(CancellationToken ct)
    {
        var removed = 0;
        var filter = SandboxLabels.InstanceFilter(InstanceId);
        foreach (var volume in await docker.ListVolumesAsync(filter, ct))
        {
            try
            {
                await docker.RemoveVolumeAsync(volume.Name, force: false, ct);
                removed++;
            }
            catch (DockerConflictException)
            {
                // Still mounted by a live sandbox: it goes with that sandbox.
            }
        }
        if ((await docker.ListContainersAsync(filter, all: true, ct)).Count == 0)
        {
            foreach (var network in await docker.ListNetworksAsync(filter, ct))
            {
                try
                {
                    await docker.RemoveNetworkAsync(network.Id, ct);
                    removed++;
                }
                catch (DockerApiException e)
                {
                    logger.LogWarning("Could not remove network {Network}: {Message}", network.Name, e.Message);
                }
            }
        }
        return removed;
    }

    private string ContainerName(string sandboxId) => $"pg-{InstanceId}-{sandboxId}";

    private async Task<string> EnsureNetworkAsync(CancellationToken ct)
    {
        var name = $"pg-{InstanceId}";
        var existing = await docker.ListNetworksAsync(SandboxLabels.InstanceFilter(InstanceId), ct);
        if (existing.Any(n => n.Name == name)) return name;
        try
        {
            await docker.CreateNetworkAsync(new NetworkCreateRequest
            {
                Name = name,
                Labels = new Dictionary<string, string> { [SandboxLabels.Instance] = InstanceId },
            }, ct);
        }
        catch (DockerConflictException)
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
            await docker.RemoveContainerAsync(containerId, force: true, removeVolumes: true, cts.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not remove failed container {ContainerId}", containerId);
        }
    }
}
