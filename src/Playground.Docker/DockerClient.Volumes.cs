using System.Net;
using Microsoft.Extensions.Logging;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    public async Task<VolumeInfo> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var volume = await PostJsonAsync("/volumes/create", request,
            DockerJsonContext.Default.VolumeCreateRequest, DockerJsonContext.Default.VolumeInfo, ct).ConfigureAwait(false);
        logger.LogDebug("Created volume {VolumeName}", volume.Name);
        return volume;
    }

    /// <summary>Removes a volume; an absent one is ignored. A volume still used by a container raises <see cref="DockerConflictException"/>.</summary>
    public Task RemoveVolumeAsync(string name, bool force = true, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/volumes/{DockerPath.Segment(name)}{new QueryString().Add("force", force)}", null, ct, HttpStatusCode.NotFound);

    public async Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(IReadOnlyDictionary<string, string?> labelFilter, CancellationToken ct = default)
    {
        var list = await GetJsonAsync($"/volumes{new QueryString().Add("filters", LabelFilter.ToFiltersJson(labelFilter))}",
            DockerJsonContext.Default.VolumeListResponse, ct).ConfigureAwait(false);
        return list.Volumes ?? [];
    }
}
