using System.Net;
using Microsoft.Extensions.Logging;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    /// <summary>Creates a network and returns its id.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = await PostJsonAsync("/networks/create", request,
            DockerJsonContext.Default.NetworkCreateRequest, DockerJsonContext.Default.IdResponse, ct).ConfigureAwait(false);
        logger.LogDebug("Created network {NetworkId} ({NetworkName})", created.Id, request.Name);
        return created.Id;
    }

    /// <summary>Removes a network; an absent one is ignored.</summary>
    public Task RemoveNetworkAsync(string idOrName, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/networks/{DockerPath.Segment(idOrName)}", null, ct, HttpStatusCode.NotFound);

    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IReadOnlyDictionary<string, string?> labelFilter, CancellationToken ct = default) =>
        await GetJsonAsync($"/networks{new QueryString().Add("filters", LabelFilter.ToFiltersJson(labelFilter))}",
            DockerJsonContext.Default.ListNetworkSummary, ct).ConfigureAwait(false);
}
