using Microsoft.Extensions.Hosting;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes;

/// <summary>
/// Registered before the pool and the reaper so it runs first on start (adopt or remove what an
/// earlier run left) and last on stop (remove everything this instance owns).
/// </summary>
public sealed class SandboxLifecycle(WorkspaceManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => manager.RecoverAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => manager.ShutdownAsync(cancellationToken);
}
