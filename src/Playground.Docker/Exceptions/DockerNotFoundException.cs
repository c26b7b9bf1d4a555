using System.Net;

namespace Playground.Docker;

/// <summary>404: no such container, image, exec, network, volume or path.</summary>
public sealed class DockerNotFoundException(string message) : DockerApiException(HttpStatusCode.NotFound, message);
