using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Playground.Sandboxes.Docker;
using Playground.Sandboxes;
using Playground.Sandboxes.Pool;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

/// <summary>
/// A real sandbox engine (real Docker, real SQLite file) scoped to the fixture's instance id,
/// so everything it creates is swept by <see cref="DockerEngine"/> when the tests end.
/// </summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public SandboxHarness(DockerEngine engine, Action<SandboxOptions>? configure = null, string? databasePath = null)
        : this(engine.InstanceId, null, configure, databasePath)
    {
    }

    /// <summary>The same engine on another backend (the in-process stand-in), for fast tests.</summary>
    public SandboxHarness(Playground.Sandboxes.Backends.ISandboxBackend backend, Action<SandboxOptions>? configure = null, string? databasePath = null)
        : this("test-" + Guid.NewGuid().ToString("N")[..12], backend, configure, databasePath)
    {
    }

    private SandboxHarness(string instanceId, Playground.Sandboxes.Backends.ISandboxBackend? backend, Action<SandboxOptions>? configure, string? databasePath)
    {
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"pg-sandboxes-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (backend is not null) services.AddSingleton(backend);
        else services.AddDockerSandboxBackend(configuration);
        services.AddSandboxes(configuration, hosted: false);
        services.PostConfigure<SandboxOptions>(o =>
        {
            o.InstanceId = instanceId;
            o.ImagesRoot = RepoPaths.SandboxImages;
            o.ConnectionString = $"Data Source={DatabasePath}";
            o.PoolEnabled = false;
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
    }

    public string DatabasePath { get; }
    public WorkspaceManager Manager => _services.GetRequiredService<WorkspaceManager>();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public WarmPool Pool => _services.GetRequiredService<WarmPool>();
    public WorkspaceEvents Events => _services.GetRequiredService<WorkspaceEvents>();
    public Playground.Sandboxes.Backends.ISandboxBackend Backend => _services.GetRequiredService<Playground.Sandboxes.Backends.ISandboxBackend>();
    public Playground.Sandboxes.Environments.EnvironmentCatalog Environments => _services.GetRequiredService<Playground.Sandboxes.Environments.EnvironmentCatalog>();

    public async Task<SandboxHarness> StartAsync(CancellationToken ct)
    {
        await Manager.RecoverAsync(ct);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
    }
}

public static class RepoPaths
{
    public static string Root { get; } = Find();
    public static string SandboxImages => Path.Combine(Root, "sandbox-images");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Playground.sln"))) return dir.FullName;
        throw new InvalidOperationException("Playground.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<DockerEngine>
{
    public const string Name = "docker engine";
}
