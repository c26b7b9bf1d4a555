using System.Net;
using System.Text.RegularExpressions;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>The anonymous learner cookie and the remembered language.</summary>
public sealed class LearnerIdentityTests(CurriculumServer fixture) : IClassFixture<CurriculumServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_request_sets_an_HttpOnly_learner_cookie()
    {
        using var http = CookielessClient();
        var response = await http.GetAsync("/api/me", Ct);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pg_learner=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var id = Regex.Match(cookie, "^pg_learner=([^;]+)").Groups[1].Value;
        Assert.True(id.Length >= 20, $"learner id '{id}' is too short to be unguessable");
        var me = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(id, me["learnerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_known_learner_keeps_its_id_and_gets_no_new_cookie()
    {
        using var learner = fixture.Server.NewLearner();
        var first = (await learner.GetAsync("/api/me")).Ok()["learnerId"]!.GetValue<string>();
        var second = await learner.GetAsync("/api/me");

        Assert.Equal(first, second.Ok()["learnerId"]!.GetValue<string>());
        Assert.False(second.Response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("junk")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public async Task A_junk_cookie_is_replaced_by_a_fresh_id(string junk)
    {
        using var http = CookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", $"pg_learner={Uri.EscapeDataString(junk)}");
        var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pg_learner=", StringComparison.Ordinal));
        var id = Regex.Match(cookie, "^pg_learner=([^;]+)").Groups[1].Value;
        Assert.NotEqual(junk, id);
        var me = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(id, me["learnerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Language_preference_is_remembered_for_the_catalog_and_lessons()
    {
        using var learner = fixture.Server.NewLearner();
        Assert.Equal("en", (await learner.GetAsync("/api/catalog")).Ok()["language"]!.GetValue<string>());

        var put = await learner.SendAsync(HttpMethod.Put, "/api/me/language", new { language = "ko" });
        Assert.Equal(HttpStatusCode.NoContent, put.Status);

        var catalog = (await learner.GetAsync("/api/catalog")).Ok();
        Assert.Equal("ko", catalog["language"]!.GetValue<string>());
        Assert.Equal("시작하기", catalog["tracks"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("ko", (await learner.GetAsync("/api/me")).Ok()["language"]!.GetValue<string>());
        Assert.Equal("파일 만들기", (await learner.LessonAsync()).Ok()["steps"]![0]!["title"]!.GetValue<string>());
        // An explicit ?lang= still wins for one request, without changing the preference.
        Assert.Equal("en", (await learner.GetAsync("/api/catalog?lang=en")).Ok()["language"]!.GetValue<string>());
        Assert.Equal("ko", (await learner.GetAsync("/api/catalog")).Ok()["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_learner_does_not_inherit_the_preference()
    {
        using var korean = fixture.Server.NewLearner();
        using var other = fixture.Server.NewLearner();
        Assert.Equal(HttpStatusCode.NoContent, (await korean.SendAsync(HttpMethod.Put, "/api/me/language", new { language = "ko" })).Status);

        Assert.Equal("en", (await other.GetAsync("/api/catalog")).Ok()["language"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("KO")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Invalid_language_is_400_and_keeps_the_old_preference(string? language)
    {
        using var learner = fixture.Server.NewLearner();
        Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Put, "/api/me/language", new { language = "ko" })).Status);

        var reply = await learner.SendAsync(HttpMethod.Put, "/api/me/language", new { language });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("language", reply.Error);
        Assert.Equal("ko", (await learner.GetAsync("/api/me")).Ok()["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_body_is_400_not_500()
    {
        using var learner = fixture.Server.NewLearner();
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        var response = await learner.Http.PutAsync("/api/me/language", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private HttpClient CookielessClient()
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = fixture.Server.BaseUri };
        http.DefaultRequestHeaders.Add("Origin", fixture.Server.Origin);
        return http;
    }
}
