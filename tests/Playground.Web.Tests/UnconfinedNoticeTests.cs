using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Issue 13, item 11's other half: when the operator lets the root-equivalent k8s environment run
/// (<c>Playground:Sandboxes:AllowUnconfinedEnvironments=true</c>), learners are shown nothing about it, but the
/// instructor's page is told (through <c>GET /api/instructor/me</c>).
/// </summary>
public sealed class UnconfinedNoticeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, new[] { "k8s" })]
    [InlineData(false, new string[0])]
    public async Task The_instructor_is_told_which_environments_run_unconfined(bool allowed, string[] expected)
    {
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Sandboxes:AllowUnconfinedEnvironments"] = allowed ? "true" : "false",
        }, Ct);
        using var instructor = await server.SignInInstructorAsync();
        var me = await instructor.Client.Http.GetFromJsonAsync<JsonObject>("/api/instructor/me", Ct);
        Assert.Equal(expected, me!["unconfinedEnvironments"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());

        // Allowed, the learner's lesson page data carries no such notice (refused, item 11's panel explains).
        if (!allowed) return;
        using var learner = server.NewLearner();
        var lesson = await learner.Http.GetStringAsync("/api/lessons/kubernetes/pods", Ct);
        Assert.DoesNotContain("nconfined", lesson);
        Assert.DoesNotContain("seccomp", lesson);
    }
}
