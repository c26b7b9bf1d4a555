using Playground.Docker;
using Xunit;

namespace Playground.Testing;

/// <summary>
/// The real Docker engine sandboxes run on (the dedicated sandbox engine of src/scripts/engine.sh, or
/// PLAYGROUND_SANDBOX_HOST), shared by the tests of one assembly (<c>[assembly: AssemblyFixture(typeof(DockerEngine))]</c>)
/// or one collection. Everything a test creates carries <see cref="Labels"/>; at the end the fixture removes whatever
/// still carries this run's instance label and fails if something survives.
/// </summary>
public sealed class DockerEngine : IAsyncLifetime
{
    public const string TestLabel = "playground.test";
    public const string InstanceLabel = "playground.instance";
    public const string BaseImage = "playground/base:bookworm";

    private string? unavailableReason;

    public DockerEngine()
    {
        Options = SandboxEngineOptions();
        Client = new DockerClient(Options);
        InstanceId = "test-" + Guid.NewGuid().ToString("N")[..12];
        Labels = new Dictionary<string, string> { [TestLabel] = "true", [InstanceLabel] = InstanceId };
        InstanceFilter = new Dictionary<string, string?> { [InstanceLabel] = InstanceId };
    }

    /// <summary>
    /// The sandbox engine: PLAYGROUND_SANDBOX_HOST, else unix:///run/playground/sandboxes.sock (the same rule as
    /// Playground.Sandboxes.SandboxEngine, which this project does not reference).
    /// </summary>
    public static DockerClientOptions SandboxEngineOptions() => new()
    {
        Host = Environment.GetEnvironmentVariable("PLAYGROUND_SANDBOX_HOST") is { Length: > 0 } host
            ? host.Trim()
            : "unix:///run/playground/sandboxes.sock",
    };

    public DockerClientOptions Options { get; }
    public DockerClient Client { get; }

    /// <summary>Unique per test run ("test-" + 12 hex digits); also a handy prefix for names.</summary>
    public string InstanceId { get; }

    /// <summary>playground.test=true and playground.instance=<see cref="InstanceId"/>: attach to everything you create.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Label filter matching exactly what this run created.</summary>
    public IReadOnlyDictionary<string, string?> InstanceFilter { get; }

    public bool IsAvailable => unavailableReason is null;

    public async ValueTask InitializeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Client.PingAsync(timeout.Token);
            await Client.NegotiateAsync(timeout.Token);
        }
        catch (Exception e) when (e is DockerException or TimeoutException or OperationCanceledException or IOException)
        {
            unavailableReason = e.Message;
        }
    }

    /// <summary>Skips the calling test when the engine cannot be reached.</summary>
    public void RequireEngine()
    {
        if (unavailableReason is not null)
            Assert.Skip($"Docker engine not reachable at {Options.Host}: {unavailableReason}");
    }

    /// <summary>Skips the calling test unless the engine is reachable and has the image.</summary>
    public async Task RequireImageAsync(string tag, CancellationToken ct = default)
    {
        RequireEngine();
        if (await Client.InspectImageAsync(tag, ct) is null)
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

    /// <summary>Labels of this run plus extra ones (e.g. a per-test label to filter on).</summary>
    public IReadOnlyDictionary<string, string> LabelsWith(params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>(Labels);
        foreach (var (key, value) in extra)
            labels[key] = value;
        return labels;
    }

    /// <summary>A unique name for a container, network or volume of this run.</summary>
    public string UniqueName(string purpose) => $"{InstanceId}-{purpose}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Creates and starts a labelled container that idles (sleep infinity) unless the request says otherwise;
    /// returns its id. Remove it with <see cref="DockerClient.RemoveContainerAsync"/> (the fixture is only the safety net).
    /// </summary>
    public async Task<string> StartContainerAsync(ContainerCreateRequest? request = null, CancellationToken ct = default)
    {
        request ??= new ContainerCreateRequest { Image = await BaseImageAsync(ct) };
        var labels = new Dictionary<string, string>(request.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in Labels)
            labels[key] = value;
        request = request with
        {
            Labels = labels,
            Cmd = request.Cmd ?? (request.Entrypoint is null ? ["sleep", "infinity"] : null),
            HostConfig = request.HostConfig ?? new HostConfig { NetworkMode = "none" },
        };
        var id = await Client.CreateContainerAsync(request, UniqueName("c"), ct);
        try
        {
            await Client.StartContainerAsync(id, ct);
        }
        catch
        {
            await Client.RemoveContainerAsync(id, ct: CancellationToken.None);
            throw;
        }
        return id;
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
        var ct = timeout.Token;
        var cleaned = new List<string>();

        foreach (var container in await Client.ListContainersAsync(InstanceFilter, all: true, ct))
        {
            cleaned.Add($"container {string.Join(",", container.Names)} ({container.Id[..12]}, {container.State})");
            await Client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, ct);
        }
        foreach (var network in await Client.ListNetworksAsync(InstanceFilter, ct))
        {
            cleaned.Add($"network {network.Name}");
            await Client.RemoveNetworkAsync(network.Id, ct);
        }
        foreach (var volume in await Client.ListVolumesAsync(InstanceFilter, ct))
        {
            cleaned.Add($"volume {volume.Name}");
            await Client.RemoveVolumeAsync(volume.Name, force: true, ct);
        }

        if (cleaned.Count > 0)
        {
            var message = $"DockerEngine {InstanceId}: tests left {cleaned.Count} object(s) behind, removed now: {string.Join("; ", cleaned)}";
            TestContext.Current.SendDiagnosticMessage(message);
            await Console.Error.WriteLineAsync(message);
        }

        var containers = await Client.ListContainersAsync(InstanceFilter, all: true, ct);
        var networks = await Client.ListNetworksAsync(InstanceFilter, ct);
        var volumes = await Client.ListVolumesAsync(InstanceFilter, ct);
        Assert.True(containers.Count + networks.Count + volumes.Count == 0,
            $"DockerEngine {InstanceId} could not remove: containers [{string.Join(", ", containers.Select(c => c.Id[..12]))}], " +
            $"networks [{string.Join(", ", networks.Select(n => n.Name))}], volumes [{string.Join(", ", volumes.Select(v => v.Name))}]");
    }
}
