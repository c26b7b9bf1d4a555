namespace Playground.Docker.Tests;

public sealed class VersionNegotiationTests(Playground.Testing.DockerEngine engine)
{
    [Theory]
    [InlineData("1.41", "1.12", "1.41")]
    [InlineData("1.47", "1.24", "1.45")]
    [InlineData("1.45", null, "1.45")]
    [InlineData("1.52", "1.46", "1.46")]
    public void Choose_takes_the_lower_of_server_and_client_but_never_below_the_server_minimum(string server, string? minimum, string expected) =>
        Assert.Equal(expected, VersionNegotiator.Choose(server, minimum, VersionNegotiator.OurMaximum));

    [Fact]
    public async Task Ping_and_negotiation_use_a_version_between_1_41_and_the_engines()
    {
        engine.RequireEngine();
        var ct = TestContext.Current.CancellationToken;

        await engine.Client.PingAsync(ct);
        var used = Version.Parse(await engine.Client.NegotiateAsync(ct));
        var server = await engine.Client.GetVersionAsync(ct);

        Assert.InRange(used, new Version(1, 41), Version.Parse(server.ApiVersion));
        Assert.True(used >= Version.Parse(server.MinAPIVersion!), $"{used} is below the engine's minimum {server.MinAPIVersion}");
        Assert.False(string.IsNullOrEmpty(server.Version));
        Assert.Equal("linux", server.Os);
        Assert.Equal(used.ToString(), await engine.Client.NegotiateAsync(ct));
    }
}
