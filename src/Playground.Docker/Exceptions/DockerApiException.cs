using System.Net;

namespace Playground.Docker;

/// <summary>The engine answered with an error status. <see cref="Exception.Message"/> is the engine's own "message".</summary>
public class DockerApiException : DockerException
{
    public DockerApiException(HttpStatusCode statusCode, string message) : base(message)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The most specific exception type for a status code.</summary>
    public static DockerApiException For(HttpStatusCode statusCode, string message) => statusCode switch
    {
        HttpStatusCode.NotFound => new DockerNotFoundException(message),
        HttpStatusCode.Conflict => new DockerConflictException(message),
        _ => new DockerApiException(statusCode, message),
    };
}
