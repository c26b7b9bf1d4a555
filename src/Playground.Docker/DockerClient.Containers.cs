using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    /// <summary>Creates a container and returns its id.</summary>
    public async Task<string> CreateContainerAsync(ContainerCreateRequest request, string? name = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryString().Add("name", name);
        var created = await PostJsonAsync($"/containers/create{query}", request,
            DockerJsonContext.Default.ContainerCreateRequest, DockerJsonContext.Default.IdResponse, ct).ConfigureAwait(false);
        logger.LogDebug("Created container {ContainerId} ({ContainerName}) from {Image}", created.Id, name, request.Image);
        foreach (var warning in created.Warnings ?? [])
            logger.LogWarning("Docker warned while creating container {ContainerId}: {Warning}", created.Id, warning);
        return created.Id;
    }

    /// <summary>Starts a container; one that already runs is fine.</summary>
    public Task StartContainerAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/containers/{DockerPath.Segment(id)}/start", null, ct, HttpStatusCode.NotModified);

    /// <summary>Stops a container (its StopSignal, then SIGKILL after <paramref name="timeout"/>); one that is not running is fine.</summary>
    public Task StopContainerAsync(string id, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var query = new QueryString().Add("t", timeout is { } t ? ((int)Math.Ceiling(t.TotalSeconds)).ToString() : null);
        return SendAsync(HttpMethod.Post, $"/containers/{DockerPath.Segment(id)}/stop{query}", null, ct, HttpStatusCode.NotModified);
    }

    public async Task<ContainerInspect> InspectContainerAsync(string id, CancellationToken ct = default) =>
        await GetJsonAsync($"/containers/{DockerPath.Segment(id)}/json", DockerJsonContext.Default.ContainerInspect, ct).ConfigureAwait(false);

    /// <summary>Sends a signal; a container that is not running is ignored.</summary>
    public Task KillContainerAsync(string id, string signal = "KILL", CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/containers/{DockerPath.Segment(id)}/kill{new QueryString().Add("signal", signal)}", null, ct, HttpStatusCode.Conflict);

    /// <summary>Removes a container (by default killing it and its anonymous volumes); an absent one is ignored.</summary>
    public async Task RemoveContainerAsync(string id, bool force = true, bool removeVolumes = true, CancellationToken ct = default)
    {
        var query = new QueryString().Add("force", force).Add("v", removeVolumes);
        try
        {
            var status = await SendAsync(HttpMethod.Delete, $"/containers/{DockerPath.Segment(id)}{query}", null, ct, HttpStatusCode.NotFound).ConfigureAwait(false);
            if (status != HttpStatusCode.NotFound)
                logger.LogDebug("Removed container {ContainerId}", id);
        }
        catch (DockerConflictException e) when (e.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            // Another caller is removing it: the outcome the caller wants is underway.
        }
    }

    public Task RenameContainerAsync(string id, string newName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        return SendAsync(HttpMethod.Post, $"/containers/{DockerPath.Segment(id)}/rename{new QueryString().Add("name", newName)}", null, ct);
    }

    /// <summary>Containers carrying all the labels (value null: the label is present with any value).</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string?> labelFilter, bool all = true, CancellationToken ct = default)
    {
        var query = new QueryString().Add("all", all).Add("filters", LabelFilter.ToFiltersJson(labelFilter));
        return await GetJsonAsync($"/containers/json{query}", DockerJsonContext.Default.ListContainerSummary, ct).ConfigureAwait(false);
    }

    /// <summary>Waits until the container is not running and returns its exit code. Not bounded by the request timeout.</summary>
    public async Task<long> WaitContainerAsync(string id, CancellationToken ct = default)
    {
        var path = await VersionedAsync($"/containers/{DockerPath.Segment(id)}/wait", ct).ConfigureAwait(false);
        using var response = await transport.SendAsync(HttpMethod.Post, path, null, ct).ConfigureAwait(false);
        await DockerTransport.ThrowIfErrorAsync(response, ct).ConfigureAwait(false);
        var result = await ReadJsonAsync(response, DockerJsonContext.Default.ContainerWaitResponse, ct).ConfigureAwait(false);
        if (result.Error?.Message is { Length: > 0 } error)
            throw new DockerApiException(HttpStatusCode.InternalServerError, error);
        return result.StatusCode;
    }

    /// <summary>Connects a container to a network (e.g. a sandbox that opted into a bridge network).</summary>
    public Task ConnectNetworkAsync(string networkIdOrName, string containerId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/networks/{DockerPath.Segment(networkIdOrName)}/connect",
            JsonContent.Create(new NetworkConnectRequest { Container = containerId }, DockerJsonContext.Default.NetworkConnectRequest), ct);
}
