using System.Net;
using System.Net.Sockets;

namespace Playground.Docker.Tests;

public sealed class DockerEndpointTests
{
    [Fact]
    public void Unix_host_names_the_socket_path()
    {
        var endpoint = DockerEndpoint.Parse("unix:///var/run/docker.sock");
        Assert.True(endpoint.IsUnixSocket);
        Assert.Equal("/var/run/docker.sock", endpoint.DisplayName);
        Assert.IsType<UnixDomainSocketEndPoint>(endpoint.EndPoint);
    }

    [Fact]
    public void Tcp_host_keeps_address_and_port()
    {
        var endpoint = DockerEndpoint.Parse("tcp://127.0.0.1:2376");
        Assert.False(endpoint.IsUnixSocket);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2376), endpoint.EndPoint);
        Assert.Equal("127.0.0.1:2376", endpoint.HostHeader);
    }

    [Theory]
    [InlineData("")]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("unix://relative.sock")]
    [InlineData("ssh://user@host")]
    public void Unsupported_hosts_are_rejected_with_a_clear_message(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => DockerEndpoint.Parse(host));
        Assert.Contains("unix://", error.Message);
    }

    [Fact]
    public void Options_default_to_DOCKER_HOST_or_the_standard_socket()
    {
        var expected = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DockerClientOptions.DefaultHost;
        Assert.Equal(expected, DockerClientOptions.FromEnvironment().Host);
    }
}
