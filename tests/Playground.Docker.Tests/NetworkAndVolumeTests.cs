using Playground.Testing;

namespace Playground.Docker.Tests;

public sealed class NetworkAndVolumeTests(DockerEngine engine)
{
    [Fact]
    public async Task Volume_create_list_remove()
    {
        engine.RequireEngine();
        var ct = TestContext.Current.CancellationToken;
        var name = engine.UniqueName("vol");
        var marker = new Dictionary<string, string?> { [DockerEngine.InstanceLabel] = engine.InstanceId, ["test.volume"] = name };

        var volume = await engine.Client.CreateVolumeAsync(new VolumeCreateRequest
        {
            Name = name,
            Labels = engine.LabelsWith(("test.volume", name)),
        }, ct);
        try
        {
            Assert.Equal(name, volume.Name);
            Assert.Equal("local", volume.Driver);
            Assert.Equal(engine.InstanceId, volume.Labels![DockerEngine.InstanceLabel]);

            var listed = Assert.Single(await engine.Client.ListVolumesAsync(marker, ct));
            Assert.Equal(name, listed.Name);
        }
        finally
        {
            await engine.Client.RemoveVolumeAsync(name, ct: CancellationToken.None);
        }

        Assert.Empty(await engine.Client.ListVolumesAsync(marker, ct));
        await engine.Client.RemoveVolumeAsync(name, ct: ct); // absent: ignored
    }

    [Fact]
    public async Task Volume_mount_labels_the_volume_the_mount_creates()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);
        var name = engine.UniqueName("mounted");
        var id = await engine.StartContainerAsync(new ContainerCreateRequest
        {
            Image = image,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Mounts = [new Mount { Type = MountTypes.Volume, Source = name, Target = "/data", VolumeOptions = new VolumeOptions { Labels = engine.Labels } }],
            },
        }, ct);
        try
        {
            var write = await engine.Client.RunAsync(id, new ExecCreateRequest { Cmd = ["sh", "-c", "echo kept > /data/f && cat /data/f"] }, ct: ct);
            Assert.Equal("kept\n", write.Stdout);
            var volumes = await engine.Client.ListVolumesAsync(engine.InstanceFilter, ct);
            Assert.Contains(volumes, v => v.Name == name);
        }
        finally
        {
            await engine.Client.RemoveContainerAsync(id, ct: CancellationToken.None);
            await engine.Client.RemoveVolumeAsync(name, ct: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Network_create_list_connect_remove()
    {
        engine.RequireEngine();
        var ct = TestContext.Current.CancellationToken;
        var name = engine.UniqueName("net");
        var marker = new Dictionary<string, string?> { [DockerEngine.InstanceLabel] = engine.InstanceId, ["test.network"] = name };

        var networkId = await engine.Client.CreateNetworkAsync(new NetworkCreateRequest
        {
            Name = name,
            Driver = "bridge",
            Internal = true,
            CheckDuplicate = true,
            Labels = engine.LabelsWith(("test.network", name)),
        }, ct);
        string? containerId = null;
        try
        {
            var listed = Assert.Single(await engine.Client.ListNetworksAsync(marker, ct));
            Assert.Equal(networkId, listed.Id);
            Assert.Equal(name, listed.Name);
            Assert.True(listed.Internal);
            Assert.Equal("bridge", listed.Driver);

            containerId = await engine.StartContainerAsync(new ContainerCreateRequest
            {
                Image = await engine.BaseImageAsync(ct),
                HostConfig = new HostConfig { NetworkMode = name },
            }, ct);
            var inspect = await engine.Client.InspectContainerAsync(containerId, ct);
            Assert.Equal(networkId, inspect.NetworkSettings!.Networks![name].NetworkId);

            var inUse = await Assert.ThrowsAnyAsync<DockerApiException>(() => engine.Client.RemoveNetworkAsync(networkId, ct));
            Assert.Contains("active endpoints", inUse.Message);
        }
        finally
        {
            if (containerId is not null)
                await engine.Client.RemoveContainerAsync(containerId, ct: CancellationToken.None);
            await engine.Client.RemoveNetworkAsync(networkId, CancellationToken.None);
        }

        Assert.Empty(await engine.Client.ListNetworksAsync(marker, ct));
        await engine.Client.RemoveNetworkAsync(networkId, ct); // absent: ignored
    }
}
