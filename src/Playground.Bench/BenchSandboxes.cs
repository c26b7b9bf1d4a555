using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Playground.Sandboxes;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Docker;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Storage;
using Playground.Sandboxes.Workspaces;

namespace Playground.Bench;

/// <summary>
/// The real sandbox engine (as the web app composes it) under the bench's instance id, with its own
/// SQLite file. Disposal ends every workspace and drains the pool, leaving nothing behind.
/// </summary>
internal sealed class BenchSandboxes : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _poolRunning;

    private BenchSandboxes(ServiceProvider services) => _services = services;

    public WorkspaceManager Manager => _services.GetRequiredService<WorkspaceManager>();
    public WarmPool Pool => _services.GetRequiredService<WarmPool>();
    public EnvironmentCatalog Environments => _services.GetRequiredService<EnvironmentCatalog>();
    public ISandboxBackend Backend => _services.GetRequiredService<ISandboxBackend>();
    public SandboxOptions Options => _services.GetRequiredService<IOptions<SandboxOptions>>().Value;

    public static async Task<BenchSandboxes> CreateAsync(BenchContext context, Action<SandboxOptions>? configure, CancellationToken ct)
    {
        var database = context.NewDatabasePath("sandboxes");
        var services = new ServiceCollection();
        services.AddLogging(BenchContext.ConfigureLogging);
        services.AddDockerSandboxBackend(new ConfigurationBuilder().Build());
        services.AddSandboxes(new ConfigurationBuilder().Build(), hosted: false);
        services.PostConfigure<SandboxOptions>(o =>
        {
            o.InstanceId = context.InstanceId;
            o.ImagesRoot = context.Layout.SandboxImages;
            o.ConnectionString = $"Data Source={database}";
            o.PoolEnabled = false;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWorkspaceStore>().InitializeAsync(ct);
        return new BenchSandboxes(provider);
    }

    /// <summary>Runs the pool's refill loop, as the web app's host would.</summary>
    public async Task StartPoolAsync(CancellationToken ct)
    {
        await Pool.StartAsync(ct);
        _poolRunning = true;
    }

    /// <summary>Waits until the pool holds <paramref name="count"/> ready sandboxes of the environment.</summary>
    public async Task WaitForPoolAsync(string environment, int count, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pool.Count(environment) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the warm pool for '{environment}' did not refill to {count} within {timeout.TotalSeconds:0} s (has {Pool.Count(environment)})");
            await Task.Delay(20, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        if (_poolRunning) await Pool.StopAsync(timeout.Token);
        await Manager.ShutdownAsync(timeout.Token);
        await _services.DisposeAsync();
    }
}
