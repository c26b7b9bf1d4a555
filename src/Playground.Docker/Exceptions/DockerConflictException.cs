using System.Net;

namespace Playground.Docker;

/// <summary>409: e.g. the name is in use, the container is not running, or a removal is already in progress.</summary>
public sealed class DockerConflictException(string message) : DockerApiException(HttpStatusCode.Conflict, message);
