using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Playground.Cohorts;
using Playground.Testing.Web;

namespace Playground.Web.Tests.Infrastructure;

/// <summary>A real server in cohort mode over the repository's lessons, shared by one test class.</summary>
public sealed class CohortServer : IAsyncLifetime
{
    private PlaygroundServer? _server;

    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("not started");

    public CohortStore Store => Server.Get<CohortStore>();

    public async ValueTask InitializeAsync() =>
        _server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Access"] = "cohort" });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>Cohort set-up through the store and the HTTP API as instructors and learners use it.</summary>
public static partial class Cohorts
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<Cohort> CreateCohortAsync(this CohortStore store, int seats = 30, DateTimeOffset? start = null, DateTimeOffset? end = null,
        string[]? opens = null, int? quota = null) =>
        store.CreateCohortAsync(new CohortDraft("Test class " + Guid.NewGuid().ToString("N")[..6], opens ?? [Api.Track], start, end, seats, quota), "test", Ct);

    public static Task<Api.Reply> JoinAsync(this LearnerClient learner, string? code, string name = "Student") =>
        learner.PostAsync("/api/join", new { code, displayName = name });

    /// <summary>An instructor created in the store who set a password through the one-time link (form post with antiforgery).</summary>
    public static async Task<InstructorClient> SignInInstructorAsync(this PlaygroundServer server, string? name = null)
    {
        var store = server.Get<CohortStore>();
        var instructor = await store.AddInstructorAsync(name ?? "teacher-" + Guid.NewGuid().ToString("N")[..6], Ct);
        var token = await store.CreateSignInTokenAsync(instructor.Id, Ct);
        var client = server.NewLearner();
        var page = await client.Http.GetStringAsync($"/instructor/sign-in/{token}", Ct);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken(page),
            ["password"] = "correct horse battery",
            ["confirm"] = "correct horse battery",
        });
        var response = await client.Http.PostAsync($"/instructor/sign-in/{token}", form, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in via link failed: {(int)response.StatusCode}");
        var me = await client.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/instructor/me", Ct);
        client.Http.DefaultRequestHeaders.Add(me!["csrfHeader"]!.GetValue<string>(), me["csrf"]!.GetValue<string>());
        return new InstructorClient(client, instructor.Name, token);
    }

    public static string FormToken(string html) =>
        FormTokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("no antiforgery field in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();
}

/// <summary>A signed-in instructor (cookie + antiforgery header on every request).</summary>
public sealed record InstructorClient(LearnerClient Client, string Name, string UsedToken) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
