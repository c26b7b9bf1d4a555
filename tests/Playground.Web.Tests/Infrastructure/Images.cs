using Playground.Testing;

namespace Playground.Web.Tests.Infrastructure;

public static class Images
{
    /// <summary>The image of the `shell` environment (sandbox-images/shell).</summary>
    public const string Shell = "playground/shell:1";

    /// <summary>Skips the calling test unless the engine runs and the shell image is built.</summary>
    public static Task RequireShellAsync(this DockerEngine docker) => docker.RequireImageAsync(Shell, TestContext.Current.CancellationToken);
}
