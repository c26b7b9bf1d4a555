using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Playground.Testing;
using Playground.Web.Hosting;

namespace Playground.Testing.Web;

/// <summary>
/// The real Playground web application on a loopback port, with its own SQLite file and its own
/// sandbox instance id, so tests run beside a live server (or each other) without touching its
/// sandboxes. Stopping it removes every sandbox it started; <see cref="DisposeAsync"/> verifies that.
/// </summary>
public sealed class PlaygroundServer : IAsyncDisposable
{
    private PlaygroundServer(WebApplication app, Uri baseUri, string instanceId, string dataDirectory)
    {
        App = app;
        BaseUri = baseUri;
        InstanceId = instanceId;
        DataDirectory = dataDirectory;
    }

    public WebApplication App { get; }
    public Uri BaseUri { get; }
    public string Origin => BaseUri.GetLeftPart(UriPartial.Authority);
    public string InstanceId { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => App.Services;
    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Starts a server. <paramref name="settings"/> are configuration keys, e.g. "Playground:Sandboxes:IdleTimeout".</summary>
    /// <param name="backend">A sandbox backend to use instead of the Docker engine (the in-process stand-in for fast tests).</param>
    /// <param name="time">The clock every part of the server reads (a settable one lets a test move time without sleeping).</param>
    public static async Task<PlaygroundServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken ct = default,
        Playground.Sandboxes.Backends.ISandboxBackend? backend = null, TimeProvider? time = null)
    {
        var instanceId = "test-" + Guid.NewGuid().ToString("N")[..10];
        var data = Path.Combine(Path.GetTempPath(), "pg-server-" + instanceId);
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "playground.db");
        var config = new Dictionary<string, string>
        {
            ["Playground:Urls"] = "http://127.0.0.1:0",
            ["Playground:Sandboxes:InstanceId"] = instanceId,
            ["Playground:Sandboxes:ConnectionString"] = $"Data Source={db}",
            ["Playground:Progress:ConnectionString"] = $"Data Source={db}",
            ["Playground:Sandboxes:PoolEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) config[key] = value;
        var args = config.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        // Registered before the app's own registrations, whose TryAdd then keeps this one.
        var app = PlaygroundApp.Build(args, backend is null && time is null ? null : b =>
        {
            if (backend is not null) b.Services.AddSingleton(backend);
            if (time is not null) b.Services.AddSingleton(time);
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlaygroundServer(app, new Uri(address.Replace("[::]", "127.0.0.1")), instanceId, data);
    }

    /// <summary>A new learner: an HTTP client with its own cookie jar (and the server's Origin).</summary>
    public LearnerClient NewLearner()
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, UseCookies = true };
        var http = new HttpClient(handler) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add("Origin", Origin);
        return new LearnerClient(http, cookies, BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        var left = 0;
        var engine = new DockerEngine();
        await engine.InitializeAsync();
        if (engine.IsAvailable)
        {
            left = (await engine.RemoveInstanceAsync(InstanceId)).Count(o => !o.StartsWith("network", StringComparison.Ordinal));
        }
        engine.Client.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        if (left > 0) throw new InvalidOperationException($"the server left {left} containers/volumes of instance {InstanceId} behind");
    }
}

/// <summary>One learner's HTTP session against a <see cref="PlaygroundServer"/>.</summary>
public sealed class LearnerClient(HttpClient http, CookieContainer cookies, Uri baseUri) : IDisposable
{
    public HttpClient Http { get; } = http;
    public CookieContainer Cookies { get; } = cookies;

    /// <summary>The learner id from the pg_learner cookie (after the first request).</summary>
    public string? LearnerId => Cookies.GetCookies(baseUri)["pg_learner"]?.Value;

    public void Dispose() => Http.Dispose();
}
