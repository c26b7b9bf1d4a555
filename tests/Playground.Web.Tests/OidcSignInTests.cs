using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Playground.Cohorts;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Instructor sign-in by OpenID Connect against an in-process provider on loopback (discovery, authorize redirect,
/// code exchange, RS256 id_token from a test key): the challenge redirect is right, an allowed email becomes an
/// instructor at its first sign-in, an unknown subject is refused with a message, and a signed-in instructor can
/// link their identity so later sign-ins map to them.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private FakeOidcProvider? _provider;
    private PlaygroundServer? _server;
    private FakeOidcProvider Provider => _provider!;
    private PlaygroundServer Server => _server!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await FakeOidcProvider.StartAsync(Ct);
        _server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Access"] = "cohort",
            ["Playground:Instructors:Oidc:Authority"] = Provider.Issuer,
            ["Playground:Instructors:Oidc:ClientId"] = "playground-test",
            ["Playground:Instructors:Oidc:ClientSecret"] = "test-secret",
            ["Playground:Instructors:Oidc:DisplayName"] = "Test IdP",
            ["Playground:Instructors:Oidc:RequireHttpsMetadata"] = "false",
            ["Playground:Instructors:Oidc:Allowed:0"] = "ada@example.org",
        }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }

    private HttpClient NewBrowser(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };

    /// <summary>Follows the whole round trip as a browser would; returns where the server finally sends the browser.</summary>
    private async Task<Uri> SignInAsync(HttpClient browser, FakeUser user, string start = "/instructor/oidc")
    {
        Provider.NextUser = user;
        using var challenge = await browser.GetAsync(start, Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorized = await provider.GetAsync(challenge.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        using var callback = await browser.GetAsync(authorized.Headers.Location!.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return new Uri(Server.BaseUri, callback.Headers.Location!);
    }

    private static async Task<JsonObject?> MeAsync(HttpClient browser)
    {
        using var me = await browser.GetAsync("/api/instructor/me", Ct);
        return me.IsSuccessStatusCode ? await me.Content.ReadFromJsonAsync<JsonObject>(Ct) : null;
    }

    [Fact]
    public async Task The_sign_in_page_offers_it_and_the_challenge_redirects_to_the_provider_with_code_flow_and_PKCE()
    {
        using var browser = NewBrowser();
        var page = await browser.GetStringAsync("/instructor/sign-in", Ct);
        using var challenge = await browser.GetAsync("/instructor/oidc", Ct);

        Assert.Contains("id=\"sign-in-oidc\"", page);
        Assert.Contains("Sign in with Test IdP", page);
        var location = challenge.Headers.Location!;
        Assert.Equal($"{Provider.Issuer}/authorize", location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("playground-test", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.True(query["response_mode"] is null or "query", $"response_mode {query["response_mode"]}"); // query is the code flow's default
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal($"{Server.Origin}/instructor/signin-oidc", query["redirect_uri"]);
        Assert.Contains("openid", query["scope"]!.Split(' '));
        Assert.Contains("email", query["scope"]!.Split(' '));
    }

    [Fact]
    public async Task An_allowed_email_becomes_an_instructor_and_signs_in_again_as_the_same_one()
    {
        using var first = NewBrowser();
        var landed = await SignInAsync(first, new FakeUser("sub-ada", "ada@example.org"));
        var me = await MeAsync(first);
        using var second = NewBrowser();
        await SignInAsync(second, new FakeUser("sub-ada", "ada@example.org"));
        var again = await MeAsync(second);

        Assert.True(landed.AbsolutePath == "/instructor", Uri.UnescapeDataString(landed.Query));
        Assert.Equal("ada@example.org", me!["name"]!.GetValue<string>());
        Assert.Equal(me["id"]!.GetValue<string>(), again!["id"]!.GetValue<string>());
        var actions = await Server.Get<CohortStore>().ListActionsAsync(null, 50, Ct);
        Assert.Contains(actions, a => a.Action == "oidc-first-sign-in" && a.InstructorName == "ada@example.org");
    }

    [Fact]
    public async Task An_unknown_subject_is_refused_with_a_message()
    {
        using var browser = NewBrowser();
        var landed = await SignInAsync(browser, new FakeUser("sub-mallory", "mallory@example.org"));
        var page = await browser.GetStringAsync(landed.PathAndQuery, Ct);

        Assert.Equal("/instructor/sign-in", landed.AbsolutePath);
        Assert.Equal("?error=oidc-unknown", landed.Query);
        Assert.Contains("not an instructor here yet", page);
        Assert.Null(await MeAsync(browser));
        Assert.DoesNotContain(await Server.Get<CohortStore>().ListInstructorsAsync(Ct), i => i.Name.Contains("mallory"));
    }

    [Fact]
    public async Task A_signed_in_instructor_links_their_identity_and_later_sign_ins_map_to_them()
    {
        using var instructor = await Server.SignInInstructorAsync();
        using var linking = NewBrowser(instructor.Client.Cookies);
        var linked = await SignInAsync(linking, new FakeUser("sub-park", null), "/instructor/oidc/link");
        using var fresh = NewBrowser();
        var landed = await SignInAsync(fresh, new FakeUser("sub-park", null));
        var me = await MeAsync(fresh);

        Assert.Equal("/instructor", linked.AbsolutePath);
        Assert.Equal("/instructor", landed.AbsolutePath);
        Assert.Equal(instructor.Name, me!["name"]!.GetValue<string>());
        Assert.Contains(await Server.Get<CohortStore>().ListActionsAsync(null, 50, Ct), a => a.Action == "link-oidc" && a.InstructorName == instructor.Name);
    }
}
