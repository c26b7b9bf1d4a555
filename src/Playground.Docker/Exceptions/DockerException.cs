namespace Playground.Docker;

/// <summary>Base of every error this client raises about the engine, so callers can catch them together.</summary>
public abstract class DockerException : Exception
{
    protected DockerException(string message, Exception? innerException = null) : base(message, innerException) { }
}
