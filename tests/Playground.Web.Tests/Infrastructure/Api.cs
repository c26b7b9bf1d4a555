using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing.Web;

namespace Playground.Web.Tests.Infrastructure;

/// <summary>The HTTP API as a learner's browser calls it, with the answers parsed as JSON.</summary>
public static class Api
{
    public const string Track = "getting-started";
    public const string Lesson = "first-steps";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Reply(HttpStatusCode Status, JsonNode? Json, string Body, HttpResponseMessage Response)
    {
        public JsonNode Ok(HttpStatusCode expected = HttpStatusCode.OK)
        {
            Assert.True(Status == expected, $"expected {(int)expected}, got {(int)Status}: {Body}");
            return Json ?? throw new InvalidOperationException("no JSON body");
        }

        public string Error => Json?["error"]?.GetValue<string>() ?? throw new InvalidOperationException($"no error in: {Body}");
    }

    public static async Task<Reply> SendAsync(this LearnerClient learner, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        var response = await learner.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json") == true && text.Length > 0)
            json = JsonNode.Parse(text);
        return new Reply(response.StatusCode, json, text, response);
    }

    public static Task<Reply> GetAsync(this LearnerClient learner, string url) => learner.SendAsync(HttpMethod.Get, url);

    public static Task<Reply> PostAsync(this LearnerClient learner, string url, object? body = null) =>
        learner.SendAsync(HttpMethod.Post, url, body ?? new { });

    public static Task<Reply> CreateWorkspaceAsync(this LearnerClient learner, string track = Track, string lesson = Lesson) =>
        learner.PostAsync("/api/workspaces", new { track, lesson });

    /// <summary>Creates (or finds) the learner's workspace and asserts it is ready.</summary>
    public static async Task<WorkspaceRef> StartWorkspaceAsync(this LearnerClient learner, string track = Track, string lesson = Lesson)
    {
        var reply = await learner.CreateWorkspaceAsync(track, lesson);
        Assert.True(reply.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"workspace not created: {(int)reply.Status} {reply.Body}");
        return new WorkspaceRef(reply.Json!["id"]!.GetValue<string>(), reply.Json!["token"]!.GetValue<string>());
    }

    public static Task<Reply> CheckAsync(this LearnerClient learner, int step, string workspaceId, string track = Track, string lesson = Lesson, string? lang = null) =>
        learner.PostAsync($"/api/lessons/{track}/{lesson}/steps/{step}/check{(lang is null ? "" : "?lang=" + lang)}", new { workspaceId });

    public static Task<Reply> LessonAsync(this LearnerClient learner, string track = Track, string lesson = Lesson, string? lang = null) =>
        learner.GetAsync($"/api/lessons/{track}/{lesson}{(lang is null ? "" : "?lang=" + lang)}");

    public static int[] PassedSteps(JsonNode progress) =>
        progress["passedSteps"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();

    public static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    /// <summary>Runs a lesson's solve script in the sandbox as the environment's user, like the self-test does.</summary>
    public static async Task SolveAsync(this PlaygroundServer server, string workspaceId, string script)
    {
        var result = await server.Get<WorkspaceManager>().ExecAsync(workspaceId, new SandboxExecRequest(["bash", "-c", script]), Ct);
        Assert.True(result.ExitCode == 0, $"solve script failed ({result.ExitCode}): {result.Stdout}{result.Stderr}");
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}

public sealed record WorkspaceRef(string Id, string Token);
