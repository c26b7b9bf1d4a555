using System.Net;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    /// <summary>The local image, or null when the engine does not have it (nothing is pulled).</summary>
    public Task<ImageInspect?> InspectImageAsync(string nameOrId, CancellationToken ct = default) =>
        SendForJsonAsync(HttpMethod.Get, $"/images/{DockerPath.ImageReference(nameOrId)}/json", null,
            DockerJsonContext.Default.ImageInspect, ct, HttpStatusCode.NotFound);
}
