using Playground.Docker;

namespace Playground.Bench;

/// <summary>What Docker still holds under one playground.instance label.</summary>
public sealed record InstanceLeftovers(int Containers, int Volumes, int Networks)
{
    public int Total => Containers + Volumes + Networks;

    public override string ToString() => $"{Total} ({Containers} containers, {Volumes} volumes, {Networks} networks)";

    public static async Task<InstanceLeftovers> CountAsync(DockerClient docker, IReadOnlyDictionary<string, string?> filter, CancellationToken ct) =>
        new((await docker.ListContainersAsync(filter, all: true, ct)).Count,
            (await docker.ListVolumesAsync(filter, ct)).Count,
            (await docker.ListNetworksAsync(filter, ct)).Count);

    /// <summary>The safety net after an interrupted or failed run: removes everything carrying the label.</summary>
    public static async Task RemoveAsync(DockerClient docker, IReadOnlyDictionary<string, string?> filter, CancellationToken ct)
    {
        foreach (var container in await docker.ListContainersAsync(filter, all: true, ct))
            await docker.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, ct);
        foreach (var network in await docker.ListNetworksAsync(filter, ct))
            await docker.RemoveNetworkAsync(network.Id, ct);
        foreach (var volume in await docker.ListVolumesAsync(filter, ct))
            await docker.RemoveVolumeAsync(volume.Name, force: true, ct);
    }
}
