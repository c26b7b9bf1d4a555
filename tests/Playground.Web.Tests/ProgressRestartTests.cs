using System.Net;
using Microsoft.Data.Sqlite;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>Progress lives in SQLite: a restart (same database file) loses nothing a learner earned.</summary>
public sealed class ProgressRestartTests(DockerEngine docker) : IDisposable
{
    private readonly string _data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pg-web-restart-" + Guid.NewGuid().ToString("N")[..10])).FullName;

    [Fact]
    public async Task Progress_survives_a_server_restart_on_the_same_database()
    {
        await docker.RequireShellAsync();
        var connection = $"Data Source={Path.Combine(_data, "playground.db")}";
        var settings = new Dictionary<string, string>
        {
            ["Playground:Progress:ConnectionString"] = connection,
            ["Playground:Sandboxes:ConnectionString"] = connection,
        };

        string learnerId;
        WorkspaceRef workspace;
        await using (var before = await PlaygroundServer.StartAsync(settings, TestContext.Current.CancellationToken))
        {
            using var learner = before.NewLearner();
            workspace = await learner.StartWorkspaceAsync();
            Assert.Equal("failed", (await learner.CheckAsync(1, workspace.Id)).Ok()["verdict"]!.GetValue<string>());
            await before.SolveAsync(workspace.Id, "echo 'Hello, Playground' > ~/hello.txt\n");
            Assert.Equal("passed", (await learner.CheckAsync(1, workspace.Id)).Ok()["verdict"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.NoContent, (await learner.SendAsync(HttpMethod.Put, "/api/me/language", new { language = "ko" })).Status);
            learnerId = learner.LearnerId!;
        }

        await using var after = await PlaygroundServer.StartAsync(settings, TestContext.Current.CancellationToken);
        using var returning = after.NewLearner();
        returning.Cookies.Add(after.BaseUri, new System.Net.Cookie("pg_learner", learnerId));

        var lesson = (await returning.LessonAsync()).Ok();
        Assert.Equal([1], Api.PassedSteps(lesson["progress"]!));
        Assert.Equal(2, lesson["progress"]!["currentStep"]!.GetValue<int>());
        Assert.Equal("ko", lesson["language"]!.GetValue<string>());
        // The failure before the pass still unlocks step 1's hint and solution.
        Assert.Single(lesson["steps"]![0]!["revealedHints"]!.AsArray());
        Assert.True(lesson["steps"]![0]!["solutionAvailable"]!.GetValue<bool>());
        var summary = (await returning.GetAsync("/api/catalog")).Ok()["tracks"]![0]!["lessons"]![0]!["progress"]!;
        Assert.Equal(1, summary["passedSteps"]!.GetValue<int>());
        // The old workspace ended with the old server, and says why.
        var gone = await returning.GetAsync($"/api/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal("server-shutdown", gone.Json!["reason"]!.GetValue<string>());
        // A stranger on the new server sees none of it.
        using var stranger = after.NewLearner();
        Assert.Empty(Api.PassedSteps((await stranger.LessonAsync()).Ok()["progress"]!));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
