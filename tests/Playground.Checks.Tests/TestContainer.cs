using Docker.DotNet;
using Docker.DotNet.Models;

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
        var docker = Playground.Testing.DockerEngine.Connect();
        try
        {
            string? image = null;
            try
            {
                foreach (var candidate in CandidateImages)
                {
                    try { await docker.Images.InspectImageAsync(candidate, ct); image = candidate; break; }
                    catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                Assert.Skip($"No Docker engine at {docker.Options.Endpoint}: {e.Message}");
            }
            if (image is null)
                Assert.Skip($"None of the images {string.Join(", ", CandidateImages)} exists; build them with sandbox-images/build.sh.");

            var id = (await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = image,
                Cmd = ["sleep", "infinity"],
                Labels = new Dictionary<string, string> { ["playground.test"] = "true", ["playground.instance"] = RunInstance },
                NetworkDisabled = true,
                HostConfig = new HostConfig { NetworkMode = "none", Init = true, AutoRemove = false },
            }, ct)).ID;
            var container = new TestContainer(docker, id);
            try
            {
                await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
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

    /// <summary>Whether <paramref name="path"/> exists in the container (a separate exec of <c>test -e</c>).</summary>
    public async Task<bool> FileExistsAsync(string path, CancellationToken ct)
    {
        var result = await Target().RunScriptAsync(new ScriptRequest($"test -e '{path}'", TimeSpan.FromSeconds(30), 1024), ct);
        return result.ExitCode == 0;
    }

    /// <summary>Removes the container; a container already gone counts as removed.</summary>
    public async Task RemoveAsync()
    {
        try
        {
            await Docker.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

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
