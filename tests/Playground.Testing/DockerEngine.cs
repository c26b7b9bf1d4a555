using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;

namespace Playground.Testing;

/// <summary>
/// The real Docker engine sandboxes run on (the dedicated sandbox engine of src/scripts/engine.sh, or
/// PLAYGROUND_SANDBOX_HOST; Docker.DotNet), shared by the tests of one assembly
/// (<c>[assembly: AssemblyFixture(typeof(DockerEngine))]</c>) or one collection. Everything a test
/// creates carries <see cref="Labels"/>; at the end the fixture removes whatever still carries this
/// run's instance label and fails if something survives. Tests use it to see and disturb what
/// Playground does with the engine (kill a sandbox from outside, inspect its hardening).
/// </summary>
public sealed class DockerEngine : IAsyncLifetime
{
    public const string TestLabel = "playground.test";
    public const string InstanceLabel = "playground.instance";
    public const string SandboxLabel = "playground.sandbox";
    public const string BaseImage = "playground/base:bookworm";

    private string? unavailableReason;

    public DockerEngine()
    {
        Client = Connect();
        InstanceId = "test-" + Guid.NewGuid().ToString("N")[..12];
        Labels = new Dictionary<string, string> { [TestLabel] = "true", [InstanceLabel] = InstanceId };
    }

    public DockerClient Client { get; }

    /// <summary>A client of the sandbox engine (the same rule as <see cref="Playground.Sandboxes.SandboxEngine"/>).</summary>
    public static DockerClient Connect() =>
        new DockerClientBuilder().WithEndpoint(new Uri(Playground.Sandboxes.SandboxEngine.HostFromEnvironment())).Build();

    /// <summary>Unique per test run ("test-" + 12 hex digits); also a handy prefix for names.</summary>
    public string InstanceId { get; }

    /// <summary>playground.test=true and playground.instance=<see cref="InstanceId"/>: attach to everything you create.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public bool IsAvailable => unavailableReason is null;

    /// <summary>A label filter for list calls: exactly what this run created (or one instance's objects).</summary>
    public static IDictionary<string, IDictionary<string, bool>> LabelFilter(string key, string value) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{key}={value}"] = true } };

    public IDictionary<string, IDictionary<string, bool>> InstanceFilter => LabelFilter(InstanceLabel, InstanceId);

    public async ValueTask InitializeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or TimeoutException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            unavailableReason = e.Message;
        }
    }

    /// <summary>Skips the calling test when the engine cannot be reached.</summary>
    public void RequireEngine()
    {
        if (unavailableReason is not null)
            Assert.Skip($"Docker engine not reachable at {Client.Options.Endpoint}: {unavailableReason}");
    }

    /// <summary>Whether the engine has the image.</summary>
    public async Task<bool> HasImageAsync(string tag, CancellationToken ct = default)
    {
        try
        {
            await Client.Images.InspectImageAsync(tag, ct);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Skips the calling test unless the engine is reachable and has the image.</summary>
    public async Task RequireImageAsync(string tag, CancellationToken ct = default)
    {
        RequireEngine();
        if (!await HasImageAsync(tag, ct))
            Assert.Skip($"image {tag} is not built; run sandbox-images/build.sh");
    }

    /// <inheritdoc cref="RequireImageAsync"/>
    public void RequireImage(string tag) => RequireImageAsync(tag).GetAwaiter().GetResult();

    /// <summary>The small Debian image for tests that need any container; skips when it is absent.</summary>
    public async Task<string> BaseImageAsync(CancellationToken ct = default)
    {
        await RequireImageAsync(BaseImage, ct);
        return BaseImage;
    }

    /// <summary>A unique name for a container, network or volume of this run.</summary>
    public string UniqueName(string purpose) => $"{InstanceId}-{purpose}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Creates and starts a labelled container that idles (sleep infinity) unless the request says otherwise;
    /// returns its id. Remove it with <see cref="RemoveContainerAsync"/> (the fixture is only the safety net).
    /// </summary>
    public async Task<string> StartContainerAsync(CreateContainerParameters? request = null, CancellationToken ct = default)
    {
        request ??= new CreateContainerParameters { Image = await BaseImageAsync(ct) };
        request.Labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in Labels) request.Labels[key] = value;
        request.Cmd ??= request.Entrypoint is null ? ["sleep", "infinity"] : null;
        request.HostConfig ??= new HostConfig { NetworkMode = "none" };
        request.Name ??= UniqueName("c");
        var id = (await Client.Containers.CreateContainerAsync(request, ct)).ID;
        try
        {
            await Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
        }
        catch
        {
            await RemoveContainerAsync(id, CancellationToken.None);
            throw;
        }
        return id;
    }

    /// <summary>Removes a container with its volumes; one already gone counts as removed.</summary>
    public async Task RemoveContainerAsync(string id, CancellationToken ct = default)
    {
        try
        {
            await Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    /// <summary>Runs a command (no TTY) and returns its exit code and output.</summary>
    public async Task<(long ExitCode, string Stdout, string Stderr)> RunAsync(string containerId, IList<string> command, string? user = null, CancellationToken ct = default)
    {
        var exec = await Client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters { Cmd = command, User = user, AttachStdout = true, AttachStderr = true }, ct);
        string stdout, stderr;
        using (var stream = await Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), ct))
            (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
        while (true)
        {
            var inspect = await Client.Exec.InspectContainerExecAsync(exec.ID, ct);
            if (!inspect.Running && inspect.ExitCode is { } code) return (code, stdout, stderr);
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The container of a sandbox (found by its playground.sandbox label), as the engine sees it.</summary>
    public async Task<ContainerListResponse> FindSandboxAsync(string sandboxId, CancellationToken ct = default)
    {
        var found = await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(SandboxLabel, sandboxId) }, ct);
        return Assert.Single(found);
    }

    /// <summary>Sends a signal to a sandbox's container from outside, as an operator or the kernel would.</summary>
    public async Task KillSandboxAsync(string sandboxId, string signal = "KILL", CancellationToken ct = default)
    {
        var container = await FindSandboxAsync(sandboxId, ct);
        await Client.Containers.KillContainerAsync(container.ID, new ContainerKillParameters { Signal = signal }, ct);
    }

    public async Task<ContainerInspectResponse> InspectSandboxAsync(string sandboxId, CancellationToken ct = default) =>
        await Client.Containers.InspectContainerAsync((await FindSandboxAsync(sandboxId, ct)).ID, ct);

    /// <summary>Containers, volumes and networks carrying an instance's label.</summary>
    public async Task<(int Containers, int Volumes, int Networks)> CountAsync(string instanceId, CancellationToken ct = default)
    {
        var filter = LabelFilter(InstanceLabel, instanceId);
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct);
        var volumes = await Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct);
        var networks = await Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct);
        return (containers.Count, volumes.Volumes?.Count ?? 0, networks.Count);
    }

    /// <summary>Removes every container, volume and network of an instance; returns what it removed.</summary>
    public async Task<List<string>> RemoveInstanceAsync(string instanceId, CancellationToken ct = default)
    {
        var filter = LabelFilter(InstanceLabel, instanceId);
        var cleaned = new List<string>();
        foreach (var container in await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct))
        {
            cleaned.Add($"container {string.Join(",", container.Names)} ({container.ID[..12]}, {container.State})");
            await RemoveContainerAsync(container.ID, ct);
        }
        foreach (var network in await Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct))
        {
            cleaned.Add($"network {network.Name}");
            await Client.Networks.DeleteNetworkAsync(network.ID, ct);
        }
        foreach (var volume in (await Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct)).Volumes ?? [])
        {
            cleaned.Add($"volume {volume.Name}");
            await Client.Volumes.RemoveAsync(volume.Name, true, ct);
        }
        return cleaned;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsAvailable)
                await RemoveLeftoversAsync();
        }
        finally
        {
            Client.Dispose();
        }
    }

    private async Task RemoveLeftoversAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cleaned = await RemoveInstanceAsync(InstanceId, timeout.Token);
        if (cleaned.Count > 0)
        {
            var message = $"DockerEngine {InstanceId}: tests left {cleaned.Count} object(s) behind, removed now: {string.Join("; ", cleaned)}";
            TestContext.Current.SendDiagnosticMessage(message);
            await Console.Error.WriteLineAsync(message);
        }
        var (containers, volumes, networks) = await CountAsync(InstanceId, timeout.Token);
        Assert.True(containers + networks + volumes == 0,
            $"DockerEngine {InstanceId} could not remove {containers} containers, {networks} networks, {volumes} volumes");
    }
}
