using System.Net;
using System.Text.RegularExpressions;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>/metrics in Prometheus text format and the health endpoints, through the real pipeline.</summary>
public sealed class ObservabilityTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private PlaygroundServer Server => fixture.Server;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_are_served_in_Prometheus_text_format_with_the_gauges()
    {
        using var learner = Server.NewLearner();
        using var response = await learner.Http.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE playground_sandboxes_live gauge", text);
        Assert.Matches(new Regex("^playground_sandboxes_live\\{[^}]*environment=\"shell\"[^}]*\\} \\d+", RegexOptions.Multiline), text);
        // Pooling is off in test servers: the shell environment reports an empty pool rather than nothing.
        Assert.Matches(new Regex("^playground_sandboxes_pooled\\{[^}]*environment=\"shell\"[^}]*\\} 0", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^playground_terminals_open(\\{[^}]*\\})? \\d+", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task A_session_shows_up_as_a_start_a_check_terminal_bytes_and_an_end()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var before = await ScrapeAsync(learner);
        var workspace = await learner.StartWorkspaceAsync();
        Assert.Equal("failed", (await learner.CheckAsync(1, workspace.Id)).Ok()["verdict"]!.GetValue<string>());
        await using (var socket = await TerminalSocket.AttachAsync(Server, learner, workspace))
        {
            Assert.Contains("metered", await socket.RunAsync("echo metered"));
        }
        var during = await ScrapeAsync(learner);
        Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Delete, $"/api/workspaces/{workspace.Id}")).Status);
        var after = await ScrapeAsync(learner);

        Assert.Equal(1, Value(during, "playground_sandboxes_starts_total", "environment=\"shell\"") - Value(before, "playground_sandboxes_starts_total", "environment=\"shell\""));
        Assert.True(Value(during, "playground_sandboxes_start_duration_seconds_count", "environment=\"shell\"") >= 1);
        Assert.Equal(1, Value(during, "playground_checks_total", "verdict=\"failed\"") - Value(before, "playground_checks_total", "verdict=\"failed\""));
        Assert.True(Value(during, "playground_checks_duration_seconds_count", "verdict=\"failed\"") >= 1);
        Assert.True(Value(during, "playground_terminals_bytes_total", "direction=\"in\"") >= "echo metered".Length);
        Assert.True(Value(during, "playground_terminals_bytes_total", "direction=\"out\"") > 0);
        Assert.True(Value(during, "playground_sandboxes_live", "environment=\"shell\"") >= 1);
        Assert.Equal(1, Value(after, "playground_sandboxes_ends_total", "reason=\"destroyed\"") - Value(before, "playground_sandboxes_ends_total", "reason=\"destroyed\""));
    }

    [Fact]
    public async Task A_refused_creation_is_counted_as_a_failure_by_reason()
    {
        using var learner = Server.NewLearner();
        var before = await ScrapeAsync(learner);

        // The k3s image cannot be obtained on these machines, so the k8s environment is unavailable.
        var refused = await learner.CreateWorkspaceAsync("kubernetes", "deployments");
        if (refused.Status != HttpStatusCode.ServiceUnavailable) Assert.Skip($"the k8s environment is available here ({(int)refused.Status}), so nothing is refused");
        var after = await ScrapeAsync(learner);
        // The page tells "not installed" from "full" and "failed to start" by this reason, not by the status.
        Assert.Equal("environment-unavailable", refused.Json!["reason"]!.GetValue<string>());

        Assert.True(Value(after, "playground_sandboxes_failures_total", "reason=\"environment-unavailable\"")
                    > Value(before, "playground_sandboxes_failures_total", "reason=\"environment-unavailable\""));
    }

    [Fact]
    public async Task Liveness_answers_and_readiness_names_the_sandbox_engine_and_the_store()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();

        using var live = await learner.Http.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Ct));

        var ready = await learner.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Json!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", ready.Json!["checks"]!["sandbox-engine"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", ready.Json!["checks"]!["progress-store"]!["status"]!.GetValue<string>());
    }

    private static async Task<string> ScrapeAsync(LearnerClient learner) => await learner.Http.GetStringAsync("/metrics", Ct);

    /// <summary>The value of the sample <paramref name="name"/> whose labels include <paramref name="label"/>; 0 when absent.</summary>
    private static double Value(string text, string name, string label)
    {
        var sum = 0.0;
        foreach (Match m in Regex.Matches(text, $"^{Regex.Escape(name)}\\{{([^}}]*)\\}} (\\S+)", RegexOptions.Multiline))
            if (m.Groups[1].Value.Contains(label)) sum += double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return sum;
    }
}
