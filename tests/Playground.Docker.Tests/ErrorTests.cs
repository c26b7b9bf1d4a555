using System.Net;
using Playground.Testing;

namespace Playground.Docker.Tests;

public sealed class ErrorTests(DockerEngine engine)
{
    [Fact]
    public async Task Inspecting_an_unknown_container_carries_the_engine_message()
    {
        engine.RequireEngine();
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => engine.Client.InspectContainerAsync("playground-no-such-container", ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("No such container: playground-no-such-container", error.Message);
    }

    [Fact]
    public async Task Creating_from_a_missing_image_is_not_found()
    {
        engine.RequireEngine();
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => engine.Client.CreateContainerAsync(
            new ContainerCreateRequest { Image = "playground/never-built:nope", Labels = engine.Labels }, ct: ct));

        Assert.Contains("No such image", error.Message);
        Assert.Contains("playground/never-built:nope", error.Message);
    }

    [Fact]
    public async Task Inspecting_a_missing_image_returns_null()
    {
        engine.RequireEngine();
        Assert.Null(await engine.Client.InspectImageAsync("playground/never-built:nope", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Inspecting_the_base_image_returns_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);

        var inspect = await engine.Client.InspectImageAsync(image, ct);

        Assert.NotNull(inspect);
        Assert.Contains(image, inspect.RepoTags!);
        Assert.StartsWith("sha256:", inspect.Id);
    }

    [Fact]
    public async Task Invalid_requests_carry_the_engine_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);

        var error = await Assert.ThrowsAsync<DockerApiException>(() => engine.Client.CreateContainerAsync(
            new ContainerCreateRequest { Image = image, Labels = engine.Labels }, name: "bad name with spaces", ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Invalid container name", error.Message);
    }

    [Fact]
    public async Task Unreachable_socket_is_reported_as_unavailable_with_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"playground-missing-{Guid.NewGuid():N}.sock");
        using var client = new DockerClient(new DockerClientOptions { Host = "unix://" + path });

        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => client.PingAsync(TestContext.Current.CancellationToken));
        Assert.Contains(path, error.Message);
        Assert.Contains("dockerd", error.Message);

        var viaCall = await Assert.ThrowsAsync<DockerUnavailableException>(() => client.InspectContainerAsync("x", TestContext.Current.CancellationToken));
        Assert.Contains(path, viaCall.Message);
    }

    [Fact]
    public async Task Refused_tcp_port_is_reported_as_unavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // the port is now free: connecting is refused

        using var client = new DockerClient(new DockerClientOptions { Host = $"tcp://127.0.0.1:{port}" });
        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => client.PingAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }
}
