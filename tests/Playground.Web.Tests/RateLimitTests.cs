using System.Net;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Workspace creation is rate-limited per learner and per client address: 429 with Retry-After and a message.
/// Creates of a lesson without an environment (400) spend permits too, so no sandbox is needed.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string Track = "cloud", NoEnvironment = "service-models";
    private PlaygroundServer? _server;
    private PlaygroundServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
    {
        ["Playground:RateLimits:CreatesPerLearner"] = "2",
        ["Playground:RateLimits:CreatesPerAddress"] = "5",
        ["Playground:RateLimits:Window"] = "00:10:00",
    }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_learner_past_the_limit_gets_429_with_Retry_After_then_the_address_limit_stops_new_learners()
    {
        using var learner = Server.NewLearner();
        Assert.Equal(HttpStatusCode.BadRequest, (await learner.CreateWorkspaceAsync(Track, NoEnvironment)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await learner.CreateWorkspaceAsync(Track, NoEnvironment)).Status);

        var refused = await learner.CreateWorkspaceAsync(Track, NoEnvironment);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        var retryAfter = refused.Response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        // One permit refills every window/limit = 5 minutes: the learner is told to wait about that long.
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 300);
        Assert.Contains("Try again in", refused.Error);
        Assert.Equal("application/problem+json", refused.Response.Content.Headers.ContentType?.MediaType);
        // Other requests of the same learner are not limited.
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/api/workspaces")).Status);

        // Each new cookie is a new learner, but they all come from 127.0.0.1: the address limit (5) stops them.
        HttpStatusCode? last = null;
        for (var i = 0; i < 5 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var fresh = Server.NewLearner();
            var reply = await fresh.CreateWorkspaceAsync(Track, NoEnvironment);
            last = reply.Status;
            if (last == HttpStatusCode.TooManyRequests) Assert.NotNull(reply.Response.Headers.RetryAfter);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }
}
