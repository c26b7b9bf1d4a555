using Docker.DotNet;
using Docker.DotNet.Models;

namespace Playground.Bench;

/// <summary>What Docker still holds under one playground.instance label.</summary>
internal sealed record InstanceLeftovers(int Containers, int Volumes, int Networks)
{
    public int Total => Containers + Volumes + Networks;

    public override string ToString() => $"{Total} ({Containers} containers, {Volumes} volumes, {Networks} networks)";

    public static async Task<InstanceLeftovers> CountAsync(DockerClient docker, IDictionary<string, IDictionary<string, bool>> filter, CancellationToken ct) =>
        new((await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct)).Count,
            (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct)).Volumes?.Count ?? 0,
            (await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct)).Count);

    /// <summary>The safety net after an interrupted or failed run: removes everything carrying the label.</summary>
    public static async Task RemoveAsync(DockerClient docker, IDictionary<string, IDictionary<string, bool>> filter, CancellationToken ct)
    {
        foreach (var container in await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct))
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
        foreach (var network in await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct))
            await docker.Networks.DeleteNetworkAsync(network.ID, ct);
        foreach (var volume in (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct)).Volumes ?? [])
            await docker.Volumes.RemoveAsync(volume.Name, true, ct);
    }
}
