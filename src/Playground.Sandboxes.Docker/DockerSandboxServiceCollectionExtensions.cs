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
    /// Sandboxes as containers on a Docker engine: <see cref="DockerBackendOptions.Host"/>, else
    /// <c>DOCKER_HOST</c>, else the standard socket. Call before or after
    /// <see cref="SandboxServiceCollectionExtensions.AddSandboxes"/>; an earlier registration of
    /// <see cref="ISandboxBackend"/> (a test's stand-in) wins.
    /// </summary>
    public static IServiceCollection AddDockerSandboxBackend(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DockerBackendOptions>().Bind(configuration.GetSection(DockerBackendOptions.Section));
        services.TryAddSingleton(sp =>
        {
            var host = sp.GetRequiredService<IOptions<DockerBackendOptions>>().Value.Host;
            var builder = new DockerClientBuilder();
            if (!string.IsNullOrWhiteSpace(host)) builder = builder.WithEndpoint(new Uri(host));
            return builder.Build();
        });
        services.TryAddSingleton<ISandboxBackend, DockerSandboxBackend>();
        return services;
    }
}
