namespace Playground.Docker;

public sealed record DockerClientOptions
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>unix:///path/to/docker.sock or tcp://host:port. Defaults to DOCKER_HOST, else the standard socket.</summary>
    public string Host { get; init; } = HostFromEnvironment();

    /// <summary>Limit for ordinary calls. Streams (exec, events, wait, archive bodies) are bounded only by their token.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public static DockerClientOptions FromEnvironment() => new();

    private static string HostFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(host) ? DefaultHost : host.Trim();
    }
}
