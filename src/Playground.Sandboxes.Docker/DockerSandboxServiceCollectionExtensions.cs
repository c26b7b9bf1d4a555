using Docker.DotNet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>Registers the Docker backend.</summary>
public static class DockerSandboxServiceCollectionExtensions
{
    /// <summary>
    /// Sandboxes as containers on the dedicated sandbox engine (<see cref="SandboxOptions.EngineHost"/>:
    /// the user-namespace-remapped engine src/scripts/engine.sh starts), never DOCKER_HOST's main engine.
    /// Call before or after <see cref="SandboxServiceCollectionExtensions.AddSandboxes"/>; an earlier
    /// registration of <see cref="ISandboxBackend"/> (a test's stand-in) wins.
    /// </summary>
    public static IServiceCollection AddDockerSandboxBackend(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        services.TryAddSingleton(sp => new DockerClientBuilder()
            .WithEndpoint(new Uri(sp.GetRequiredService<IOptions<SandboxOptions>>().Value.EngineHost))
            .Build());
        services.TryAddSingleton<ISandboxBackend, DockerSandboxBackend>();
        return services;
    }
}
