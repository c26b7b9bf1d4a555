namespace Playground.Docker;

/// <summary>The engine's socket could not be reached at all (dockerd not running, wrong DOCKER_HOST, no permission).</summary>
public sealed class DockerUnavailableException : DockerException
{
    public DockerUnavailableException(string host, string reason, Exception? innerException = null)
        : base($"Cannot reach the Docker engine at {host}: {reason}. Is dockerd running? Start it (for example with src/scripts/engine.sh) or set DOCKER_HOST to the engine's socket.", innerException)
    {
        Host = host;
        Reason = reason;
    }

    public string Host { get; }
    public string Reason { get; }
}
