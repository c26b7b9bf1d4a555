using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Playground.Docker;
using Playground.Sandboxes.Engine;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>The sandbox engine on the local Docker engine, with its background services.</summary>
    public static IServiceCollection AddSandboxes(this IServiceCollection services, IConfiguration configuration, bool hosted = true)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        // The dedicated sandbox engine (Playground:Sandboxes:EngineHost), never DOCKER_HOST's main engine.
        services.TryAddSingleton(sp => new DockerClient(new DockerClientOptions { Host = sp.GetRequiredService<IOptions<SandboxOptions>>().Value.EngineHost }));
        services.TryAddSingleton<EnvironmentCatalog>();
        services.TryAddSingleton<ISandboxBackend, DockerSandboxBackend>();
        services.TryAddSingleton<IWorkspaceStore, SqliteWorkspaceStore>();
        services.TryAddSingleton<WorkspaceEvents>();
        services.TryAddSingleton<WarmPool>();
        services.TryAddSingleton<ResourceAdmission>();
        services.AddMetrics();
        services.TryAddSingleton<SandboxMetrics>();
        services.TryAddSingleton<SandboxGauges>();
        services.TryAddSingleton<WorkspaceManager>();
        services.TryAddSingleton<WorkspaceReaper>();
        if (hosted)
        {
            services.AddHostedService<SandboxLifecycle>();
            services.AddHostedService(sp => sp.GetRequiredService<WarmPool>());
            services.AddHostedService(sp => sp.GetRequiredService<WorkspaceReaper>());
        }
        return services;
    }
}
