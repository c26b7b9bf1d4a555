using System.Net;
using System.Net.Sockets;

namespace Playground.Docker;

/// <summary>Where the engine listens (a unix socket or a TCP address) and how to open a raw connection to it.</summary>
internal sealed record DockerEndpoint
{
    private DockerEndpoint(string host, EndPoint endPoint, string hostHeader, string displayName)
    {
        Host = host;
        EndPoint = endPoint;
        HostHeader = hostHeader;
        DisplayName = displayName;
    }

    /// <summary>The configured DOCKER_HOST-style string.</summary>
    public string Host { get; }
    public EndPoint EndPoint { get; }
    /// <summary>Value of the HTTP Host header; the engine ignores it on a unix socket but HTTP/1.1 requires one.</summary>
    public string HostHeader { get; }
    /// <summary>What error messages name: the socket path or host:port.</summary>
    public string DisplayName { get; }
    public bool IsUnixSocket => EndPoint is UnixDomainSocketEndPoint;

    public Uri BaseAddress => new($"http://{HostHeader}/");

    public static DockerEndpoint Parse(string host)
    {
        if (string.IsNullOrWhiteSpace(host))
            throw new ArgumentException("The Docker host is empty; expected unix:///path/to/docker.sock or tcp://host:port.", nameof(host));

        host = host.Trim();
        if (host.StartsWith('/'))
            return Unix(host, host);
        if (host.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = host["unix://".Length..];
            if (!path.StartsWith('/'))
                throw new ArgumentException($"The Docker host '{host}' needs an absolute socket path, e.g. unix:///var/run/docker.sock.", nameof(host));
            return Unix(host, path);
        }
        if (host.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || host.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var authority = host[(host.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            if (!Uri.TryCreate("http://" + authority, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
                throw new ArgumentException($"The Docker host '{host}' is not of the form tcp://host:port.", nameof(host));
            var port = uri.IsDefaultPort && !authority.EndsWith(":80", StringComparison.Ordinal) ? 2375 : uri.Port;
            EndPoint endPoint = IPAddress.TryParse(uri.DnsSafeHost, out var ip)
                ? new IPEndPoint(ip, port)
                : new DnsEndPoint(uri.DnsSafeHost, port);
            var hostPort = $"{uri.Host}:{port}";
            return new DockerEndpoint(host, endPoint, hostPort, hostPort);
        }
        throw new ArgumentException($"Unsupported Docker host '{host}': use unix:///path/to/docker.sock or tcp://host:port (TLS is not supported).", nameof(host));
    }

    private static DockerEndpoint Unix(string host, string path) =>
        new(host, new UnixDomainSocketEndPoint(path), "docker", path);

    /// <summary>Opens a connected socket; failures become <see cref="DockerUnavailableException"/>.</summary>
    public async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        var socket = IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(EndPoint, ct).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new DockerUnavailableException(DisplayName, Describe(e), e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable when IsUnixSocket => "the socket does not exist",
        SocketError.ConnectionRefused => "connection refused (nothing listens there)",
        SocketError.AccessDenied => "permission denied (is this user in the docker group?)",
        _ => e.Message,
    };
}
