using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Playground.Web.Hosting;

namespace Playground.Bench;

/// <summary>
/// The full Playground web application, in this process, on a free loopback port, with the bench's
/// instance id, its own SQLite file and no warm pool (unless asked for: the browser benchmark measures from one).
/// </summary>
internal sealed class BenchWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchWebApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT as bound.</summary>
    public Uri Address { get; }
    /// <summary>The Origin the terminal endpoint accepts: the server's own.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);
    public IServiceProvider Services => _app.Services;

    /// <param name="settings">More configuration keys (e.g. caps), applied last.</param>
    /// <param name="backend">A sandbox backend instead of the Docker engine (the stand-in, for server-side costs).</param>
    public static async Task<BenchWebApp> StartAsync(BenchContext context, CancellationToken ct, bool pool = false,
        IReadOnlyDictionary<string, string?>? settings = null, Playground.Sandboxes.Backends.ISandboxBackend? backend = null)
    {
        var database = context.NewDatabasePath("web");
        var app = PlaygroundApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Playground:Sandboxes:InstanceId"] = context.InstanceId,
                ["Playground:Sandboxes:PoolEnabled"] = pool ? "true" : "false",
                ["Playground:Sandboxes:ConnectionString"] = $"Data Source={database}",
                ["Playground:Progress:ConnectionString"] = $"Data Source={database}",
                // appsettings.json asks for Information; the tables need a quiet console.
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Logging:LogLevel:Playground.Lessons"] = "None",
                ["Logging:LogLevel:Playground.Web.Hosting.LessonCatalogService"] = "None",
            });
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            // Registered before the app's own registrations, whose TryAdd then keeps this one.
            if (backend is not null) builder.Services.AddSingleton(backend);
            BenchContext.ConfigureLogging(builder.Logging);
        });
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First(a => a.Port != 0);
        return new BenchWebApp(app, bound);
    }

    public Uri WebSocketUri(string pathAndQuery) => new(new UriBuilder(Address) { Scheme = "ws" }.Uri, pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
