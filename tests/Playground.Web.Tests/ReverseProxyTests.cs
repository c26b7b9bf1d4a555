using System.Net;
using System.Net.Http.Json;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Behind a reverse proxy (Playground:ForwardedHeaders trusts 127.0.0.1, as for nginx on the same server): the
/// client address comes from X-Forwarded-For, so rate limits count per real client and /metrics is refused to
/// the world but served to the allowed network or a bearer token; the Host/Origin checks hold with the proxy's
/// Host. Without the setting, forwarded headers are ignored.
/// </summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private const string Track = "cloud", NoEnvironment = "service-models", Public = "https://class.example";
    private PlaygroundServer? _proxied;
    private PlaygroundServer? _direct;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _proxied = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Playground:Metrics:AllowedNetworks:0"] = "198.51.100.0/24",
            ["Playground:Metrics:BearerToken"] = "scrape-secret",
            ["Playground:AllowedOrigins:0"] = Public,
            ["Playground:RateLimits:CreatesPerLearner"] = "100",
            ["Playground:RateLimits:CreatesPerAddress"] = "2",
            ["Playground:RateLimits:Window"] = "00:10:00",
        }, Ct);
        _direct = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:RateLimits:CreatesPerLearner"] = "100",
            ["Playground:RateLimits:CreatesPerAddress"] = "2",
            ["Playground:RateLimits:Window"] = "00:10:00",
        }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxied is not null) await _proxied.DisposeAsync();
        if (_direct is not null) await _direct.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> SendAsync(PlaygroundServer server, HttpMethod method, string path, string? forwardedFor,
        string? authorization = null, string? host = null, string? origin = null, object? body = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.BaseUri };
        using var request = new HttpRequestMessage(method, path);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (host is not null)
        {
            request.Headers.Host = host;
            request.Headers.Add("X-Forwarded-Proto", "https");
        }
        request.Headers.Add("Origin", origin ?? server.Origin);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Metrics_are_refused_to_a_forwarded_stranger_and_served_to_the_allowed_network_and_the_bearer_token()
    {
        using var loopback = await SendAsync(_proxied!, HttpMethod.Get, "/metrics", null);
        using var stranger = await SendAsync(_proxied!, HttpMethod.Get, "/metrics", "203.0.113.9");
        using var wrongToken = await SendAsync(_proxied!, HttpMethod.Get, "/metrics", "203.0.113.9", "Bearer nope");
        using var token = await SendAsync(_proxied!, HttpMethod.Get, "/metrics", "203.0.113.9", "Bearer scrape-secret");
        using var network = await SendAsync(_proxied!, HttpMethod.Get, "/metrics", "198.51.100.7");

        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Contains("Playground:Metrics:AllowedNetworks", await stranger.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain("playground_", await stranger.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Contains("# TYPE", await token.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, network.StatusCode);
    }

    [Fact]
    public async Task Without_a_trusted_proxy_forwarded_headers_are_ignored()
    {
        // The forged address changes nothing: the client is loopback, so metrics are served...
        using var metrics = await SendAsync(_direct!, HttpMethod.Get, "/metrics", "203.0.113.9");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        // ...and a client cannot escape its address's rate limit by inventing addresses.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var reply = await SendAsync(_direct!, HttpMethod.Post, "/api/workspaces", $"203.0.113.{20 + i}", body: new { track = Track, lesson = NoEnvironment });
            statuses.Add(reply.StatusCode);
        }
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Rate_limits_count_per_forwarded_client_address()
    {
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var reply = await SendAsync(_proxied!, HttpMethod.Post, "/api/workspaces", "203.0.113.50", body: new { track = Track, lesson = NoEnvironment });
            first.Add(reply.StatusCode);
        }
        using var other = await SendAsync(_proxied!, HttpMethod.Post, "/api/workspaces", "203.0.113.51", body: new { track = Track, lesson = NoEnvironment });

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task Host_and_Origin_checks_hold_behind_the_proxy()
    {
        using var page = await SendAsync(_proxied!, HttpMethod.Get, "/", "203.0.113.60", host: "class.example", origin: Public);
        using var post = await SendAsync(_proxied!, HttpMethod.Post, "/api/workspaces", "203.0.113.61", host: "class.example", origin: Public,
            body: new { track = Track, lesson = NoEnvironment });
        using var foreignOrigin = await SendAsync(_proxied!, HttpMethod.Post, "/api/workspaces", "203.0.113.62", host: "class.example",
            origin: "https://evil.example", body: new { track = Track, lesson = NoEnvironment });
        using var foreignHost = await SendAsync(_proxied!, HttpMethod.Get, "/", "203.0.113.63", host: "evil.example", origin: "https://evil.example");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode); // past the Origin check: the lesson has no environment
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, foreignHost.StatusCode);
    }
}
