using Playground.Docker;
using Playground.Testing;

namespace Playground.Checks.Tests;

/// <summary>A real, labelled, network-less container that idles until the test removes it.</summary>
public sealed class TestContainer : IAsyncDisposable
{
    public static readonly string[] CandidateImages = ["playground/shell:1", "playground/base:bookworm"];
    private static readonly string RunInstance = $"checks-{Guid.NewGuid():N}";

    private TestContainer(DockerClient docker, string id)
    {
        Docker = docker;
        Id = id;
    }

    public DockerClient Docker { get; }
    public string Id { get; }

    /// <summary>Starts a container from the first available sandbox image; skips the test with the reason when
    /// there is no engine or no image (there is no registry to pull from).</summary>
    public static async Task<TestContainer> StartAsync(CancellationToken ct)
    {
        var docker = new DockerClient(DockerEngine.SandboxEngineOptions());
        try
        {
            string? image = null;
            try
            {
                foreach (var candidate in CandidateImages)
                {
                    if (await docker.InspectImageAsync(candidate, ct) is not null) { image = candidate; break; }
                }
            }
            catch (DockerUnavailableException e)
            {
                Assert.Skip($"No Docker engine at {docker.EndpointDisplayName}: {e.Message}");
            }
            if (image is null)
                Assert.Skip($"None of the images {string.Join(", ", CandidateImages)} exists; build them with sandbox-images/build.sh.");

            var id = await docker.CreateContainerAsync(new ContainerCreateRequest
            {
                Image = image,
                Cmd = ["sleep", "infinity"],
                Labels = new Dictionary<string, string> { ["playground.test"] = "true", ["playground.instance"] = RunInstance },
                NetworkDisabled = true,
                HostConfig = new HostConfig { NetworkMode = "none", Init = true, AutoRemove = false },
            }, ct: ct);
            var container = new TestContainer(docker, id);
            try
            {
                await docker.StartContainerAsync(id, ct);
            }
            catch
            {
                await container.DisposeAsync();
                throw;
            }
            return container;
        }
        catch
        {
            docker.Dispose();
            throw;
        }
    }

    public DockerExecScriptTarget Target(bool misbehave = false) => new(Docker, Id, misbehave);

    public Task RemoveAsync() => Docker.RemoveContainerAsync(Id, force: true, removeVolumes: true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RemoveAsync();
        }
        finally
        {
            Docker.Dispose();
        }
    }
}
