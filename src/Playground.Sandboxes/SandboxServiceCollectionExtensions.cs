using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes;

/// <summary>Registers the sandbox layer.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Workspaces, the warm pool and their background services. A backend (<see cref="ISandboxBackend"/>)
    /// is registered separately, e.g. by <c>AddDockerSandboxBackend</c>.
    /// </summary>
    public static IServiceCollection AddSandboxes(this IServiceCollection services, IConfiguration configuration, bool hosted = true)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EnvironmentCatalog>();
        services.TryAddSingleton<IWorkspaceStore, SqliteWorkspaceStore>();
        services.TryAddSingleton<WorkspaceEvents>();
        services.TryAddSingleton<WarmPool>();
        services.TryAddSingleton<ResourceAdmission>();
        services.TryAddSingleton<WorkspaceRegistry>();
        services.TryAddSingleton<ReservedCapacity>();
        services.TryAddSingleton<WorkspaceAdmission>();
        services.TryAddSingleton<Queue.SessionEndRate>();
        services.TryAddSingleton<Queue.AdmissionQueue>();
        services.TryAddSingleton<SandboxRemover>();
        services.TryAddSingleton<WorkspaceTerminator>();
        services.TryAddSingleton<WorkspaceSweeper>();
        services.TryAddSingleton<WorkspaceRecovery>();
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
            services.AddHostedService<SandboxStopWatcher>();
        }
        return services;
    }
}
