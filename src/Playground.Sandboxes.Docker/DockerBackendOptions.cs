namespace Playground.Sandboxes.Docker;

/// <summary>Where the Docker backend finds its engine. Bound from <c>Playground:Sandboxes:Docker</c>.</summary>
public sealed class DockerBackendOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Sandboxes:Docker";

    /// <summary>
    /// Engine endpoint, e.g. <c>unix:///var/run/docker.sock</c> or <c>tcp://127.0.0.1:2375</c>.
    /// Null or empty: <c>DOCKER_HOST</c>, else the standard socket (Docker.DotNet's own resolution).
    /// </summary>
    public string? Host { get; set; }
}
