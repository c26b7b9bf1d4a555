using System.Text;
using System.Net;
using System.Net.Http.Json;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Issue 12's web hardening through the real pipeline: Host allow-list (DNS rebinding), Origin checks on
/// state-changing requests and terminal upgrades, security headers everywhere, and error bodies that are
/// small and never echo markup.
/// </summary>
public sealed class WebHardeningTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private const int SmallBody = 1024;
    private PlaygroundServer Server => fixture.Server;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/api/me")]
    [InlineData("POST", "/api/workspaces")]
    public async Task A_foreign_Host_is_refused_before_anything_runs(string method, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = Server.BaseUri };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Host = $"evil.example:{Server.BaseUri.Port}";
        request.Headers.Add("Origin", $"http://evil.example:{Server.BaseUri.Port}");
        if (method == "POST") request.Content = JsonContent.Create(new { track = Api.Track, lesson = Api.Lesson });

        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown host", body);
        Assert.DoesNotContain("evil", body);
        Assert.True(body.Length < 2 * SmallBody, $"{body.Length} bytes");
        // The same style as every other refusal: ProblemDetails for the API, a short page for what a browser opens.
        if (path.StartsWith("/api", StringComparison.Ordinal))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            Assert.Equal(400, problem["status"]!.GetValue<int>());
            Assert.StartsWith("Unknown host:", problem["error"]!.GetValue<string>());
            Assert.Equal("unknown-host", problem["reason"]!.GetValue<string>());
            Assert.Contains("AllowedOrigins", problem["hint"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("<h1>This address is not one of this Playground server's.</h1>", body);
            Assert.Contains("<html lang=\"en\">", body);
        }
        // No identity was minted for the rebound name, and the refusal still carries the headers.
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_loopback_origin_and_localhost_are_allowed_hosts()
    {
        foreach (var host in new[] { Server.BaseUri.Authority, $"localhost:{Server.BaseUri.Port}" })
        {
            using var http = new HttpClient { BaseAddress = Server.BaseUri };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Host = host;
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_DNS_rebound_terminal_upgrade_is_refused_even_with_a_valid_cookie_and_token()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var path = $"/ws/workspaces/{workspace.Id}/terminals/1?token={workspace.Token}";
        var evil = $"evil.example:{Server.BaseUri.Port}";

        var (rebound, _) = await RawHttp.SendAsync(Server.BaseUri, RawHttp.Upgrade(path, evil, $"http://{evil}", learner.LearnerId));
        var (foreignOrigin, _) = await RawHttp.SendAsync(Server.BaseUri, RawHttp.Upgrade(path, Server.BaseUri.Authority, $"http://{evil}", learner.LearnerId));
        var (own, _) = await RawHttp.SendAsync(Server.BaseUri, RawHttp.Upgrade(path, Server.BaseUri.Authority, Server.Origin, learner.LearnerId));

        Assert.Equal(400, rebound);
        Assert.Equal(403, foreignOrigin);
        Assert.Equal(101, own); // the same request from the real origin is accepted: the refusals above were about Host and Origin
    }

    [Fact]
    public async Task A_terminal_Origin_must_be_configured_even_when_every_Host_is_allowed()
    {
        // AllowedHosts=* lets any Host in; the terminal must still not trust an Origin just because it equals the Host.
        await using var open = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["AllowedHosts"] = "*" }, Ct);
        var evil = $"evil.example:{open.BaseUri.Port}";

        var (status, _) = await RawHttp.SendAsync(open.BaseUri,
            RawHttp.Upgrade("/ws/workspaces/aaaaaaaaaaaaaaaaaaaaaaaa/terminals/1?token=x", evil, $"http://{evil}", null));

        Assert.Equal(403, status);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    public async Task A_foreign_Origin_on_POST_and_DELETE_is_refused_and_changes_nothing(string origin)
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        using var foreign = ForeignRequest(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}", origin);
        var delete = await learner.Http.SendAsync(foreign, Ct);
        using var foreignPost = ForeignRequest(HttpMethod.Post, $"/api/workspaces/{workspace.Id}/extend", origin);
        var extend = await learner.Http.SendAsync(foreignPost, Ct);
        using var foreignCreate = ForeignRequest(HttpMethod.Post, "/api/workspaces", origin, new { track = "virtualization", lesson = "inspect-your-machine" });
        var create = await learner.Http.SendAsync(foreignCreate, Ct);

        foreach (var response in new[] { delete, extend, create })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("another site", await response.Content.ReadAsStringAsync(Ct));
        }
        // Nothing happened: the workspace is live, not extended, and no second one exists.
        var still = (await learner.GetAsync($"/api/workspaces/{workspace.Id}")).Ok();
        Assert.Equal("ready", still["state"]!.GetValue<string>());
        Assert.False(still["extended"]!.GetValue<bool>());
        Assert.Single((await learner.GetAsync("/api/workspaces")).Ok().AsArray());
        Assert.NotNull(Server.Get<WorkspaceManager>().GetLive(workspace.Id));
    }

    [Fact]
    public async Task A_cross_site_request_without_Origin_is_refused_and_a_plain_client_is_not()
    {
        using var learner = Server.NewLearner();
        using var crossSite = new HttpRequestMessage(HttpMethod.Put, "/api/me/language") { Content = JsonContent.Create(new { language = "ko" }) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var http = new HttpClient { BaseAddress = Server.BaseUri };

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite, Ct)).StatusCode);
        // curl-like: no Origin, no Sec-Fetch-Site. Not a browser carrying someone's cookie.
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsJsonAsync("/api/me/language", new { language = "ko" }, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/lessons/getting-started/first-steps")]
    [InlineData("/static/js/lesson.js")]
    [InlineData("/static/css/app.css")]
    [InlineData("/vendor/xterm/xterm.mjs")]
    [InlineData("/api/catalog")]
    [InlineData("/api/lessons/getting-started/first-steps")]
    [InlineData("/api/lessons/getting-started/nope")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var learner = Server.NewLearner();
        using var response = await learner.Http.GetAsync(path, Ct);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        var csp = Single(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Fact]
    public async Task Pages_contain_no_inline_script()
    {
        using var learner = Server.NewLearner();
        foreach (var page in new[] { "/", "/lessons/getting-started/first-steps" })
        {
            var html = await learner.Http.GetStringAsync(page, Ct);
            foreach (var tag in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value))
                Assert.Contains(" src=", tag);
            Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        }
    }

    [Theory]
    [InlineData("/api/lessons/%3Cscript%3Ealert(1)%3C%2Fscript%3E/x")]
    [InlineData("/api/lessons/getting-started/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")]
    [InlineData("/api/lessons/%3Cb%3E/x/steps/1/solution")]
    public async Task Markup_in_the_URL_is_never_echoed_raw(string path)
    {
        using var learner = Server.NewLearner();
        var reply = path.EndsWith("/solution") ? await learner.PostAsync(path) : await learner.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("application/problem+json", reply.Response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<", reply.Body);
        Assert.DoesNotContain(">", reply.Body);
        Assert.False(string.IsNullOrEmpty(reply.Error));
        Assert.Equal(404, reply.Json!["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(reply.Json!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Markup_in_a_body_is_never_echoed_raw()
    {
        using var learner = Server.NewLearner();
        var reply = await learner.CreateWorkspaceAsync("<script>alert(1)</script>", "<img src=x onerror=alert(1)>");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.DoesNotContain("<", reply.Body);
        Assert.Contains("script", reply.Error); // quoted, JSON-encoded
    }

    [Fact]
    public async Task A_10_MB_name_never_comes_back()
    {
        using var learner = Server.NewLearner();
        // A 10 MB body is announced and refused (413) before it is read: the answer is small whatever the body holds.
        var (tooLarge, answer) = await RawHttp.PostAnnouncingAsync(Server.BaseUri, "/api/workspaces", Server.Origin,
            10 * 1024 * 1024, "{\"track\":\"" + new string('x', 60_000));
        var large = await learner.CreateWorkspaceAsync(new string('y', 200_000), "z");
        using var longUrl = await learner.Http.GetAsync("/api/lessons/" + new string('q', 100_000) + "/x", Ct);

        Assert.Equal(413, tooLarge);
        Assert.True(answer.Length < 2 * SmallBody, $"{answer.Length} bytes");
        Assert.Contains("too large", answer);
        Assert.DoesNotContain("xxxx", answer);
        Assert.Equal(HttpStatusCode.NotFound, large.Status);
        Assert.True(large.Body.Length < SmallBody, $"{large.Body.Length} bytes");
        Assert.True((int)longUrl.StatusCode >= 400);
        Assert.True((await longUrl.Content.ReadAsStringAsync(Ct)).Length < SmallBody);
    }

    [Theory]
    [InlineData(true, "POST", "/api/workspaces", "application/json", true)]
    [InlineData(false, "POST", "/api/workspaces", "application/json", true)]
    [InlineData(true, "POST", "/api/workspaces", "application/json", false)]
    [InlineData(false, "POST", "/api/workspaces", "application/json", false)]
    [InlineData(true, "PUT", "/api/me/language", "application/json", false)]
    [InlineData(true, "POST", "/api/join", "application/json", true)]
    [InlineData(true, "POST", "/api/lessons/getting-started/first-steps/steps/1/check", "application/json", false)]
    [InlineData(true, "POST", "/instructor/sign-in", "application/x-www-form-urlencoded", true)]
    [InlineData(false, "POST", "/instructor/sign-in", "application/x-www-form-urlencoded", true)]
    public async Task A_body_over_the_cap_is_413_with_a_clear_escaped_message_whether_chunked_or_announced(bool chunked, string method, string path, string type, bool wellFormed)
    {
        // 2 MiB (the cap is 1 MiB) whose text is markup: it must neither reach a handler nor come back. Well-formed
        // JSON (or a form), or not: a body that is both malformed and too large is refused as too large.
        var markup = string.Concat(Enumerable.Repeat("<script>alert(1)</script>", 2 * 1024 * 1024 / 25));
        var body = Encoding.UTF8.GetBytes(!wellFormed ? markup
            : type.Contains("json") ? "{\"track\":\"" + markup + "\",\"lesson\":\"x\"}"
            : "password=" + Uri.EscapeDataString(markup[..100]) + "&name=" + markup.Replace('<', 'x').Replace('>', 'y').Replace('(', 'z').Replace(')', 'w'));
        var (status, answer) = await RawHttp.PostAsync(Server.BaseUri, path, Server.Origin, body, chunked, method, type);

        Assert.True(status == 413, $"{(chunked ? "chunked" : "Content-Length")}: {answer[..Math.Min(answer.Length, 600)]}");
        var (headers, json) = (answer[..answer.IndexOf("\r\n\r\n", StringComparison.Ordinal)], answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Contains("Content-Type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The request body is too large.", json);
        Assert.DoesNotContain("<", json);
        Assert.DoesNotContain("script", json);
        Assert.True(answer.Length < 2 * SmallBody, $"{answer.Length} bytes");
    }

    [Fact]
    public async Task A_small_malformed_chunked_body_stays_a_400_and_a_small_good_one_is_served()
    {
        var (malformed, answer) = await RawHttp.PostAsync(Server.BaseUri, "/api/workspaces", Server.Origin,
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<b>not json</b>", 2000))), chunked: true);
        Assert.True(malformed == 400, answer);
        Assert.DoesNotContain("<b>", answer);
        var (unknown, _) = await RawHttp.PostAsync(Server.BaseUri, "/api/workspaces", Server.Origin,
            Encoding.UTF8.GetBytes("{\"track\":\"no-such-track\",\"lesson\":\"x\"}"), chunked: true);
        Assert.Equal(404, unknown); // read to its end and handled: the cap has nothing to say
    }

    private HttpRequestMessage ForeignRequest(HttpMethod method, string path, string origin, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body ?? new { }) };
        // The learner's client sends the server's Origin by default; replace it with the attacker's.
        request.Headers.Remove("Origin");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.Single()
        : response.Content.Headers.TryGetValues(header, out var content) ? content.Single()
        : throw new Xunit.Sdk.XunitException($"{header} missing on {response.RequestMessage?.RequestUri}");
}
