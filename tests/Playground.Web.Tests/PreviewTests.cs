using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>Web previews through the real pipeline into a real shell sandbox (Docker engine).</summary>
public sealed class PreviewTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task A_python_http_server_in_the_sandbox_is_served_to_its_learner_only_and_a_closed_port_gets_a_clear_page()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var python = await Server.Get<Playground.Sandboxes.Workspaces.WorkspaceManager>().ExecAsync(workspace.Id,
            new Playground.Sandboxes.Backends.SandboxExecRequest(["bash", "-c", "command -v python3 || true"]), Ct);
        if (python.Stdout.Trim().Length == 0)
            Assert.Skip("playground/shell:1 has no python3 yet: run sandbox-images/build.sh shell");

        await Server.SolveAsync(workspace.Id,
            "mkdir -p site && echo '<h1>hello from the sandbox</h1>' > site/index.html && " +
            "cd site && (setsid python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 < /dev/null &)");

        var page = await GetUntilAsync(learner, $"/preview/{workspace.Id}/8000/", r => r.StatusCode == HttpStatusCode.OK);
        var body = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(body.Contains("hello from the sandbox"), $"{(int)page.StatusCode} {page.Headers} {page.Content.Headers} [{body}]");
        Assert.Contains("'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single());
        // The same connection again (keep-alive), a file by name, and the folder without its slash (redirected).
        var file = await learner.Http.GetAsync($"/preview/{workspace.Id}/8000/index.html", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("<h1>hello from the sandbox</h1>\n", await file.Content.ReadAsStringAsync(Ct));
        var bare = await learner.Http.GetAsync($"/preview/{workspace.Id}/8000", Ct);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Contains("hello from the sandbox", await bare.Content.ReadAsStringAsync(Ct));

        using var other = Server.NewLearner();
        var refused = await other.Http.GetAsync($"/preview/{workspace.Id}/8000/", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("hello from the sandbox", await refused.Content.ReadAsStringAsync(Ct));

        var closed = await learner.Http.GetAsync($"/preview/{workspace.Id}/8001/", Ct);
        Assert.Equal(HttpStatusCode.BadGateway, closed.StatusCode);
        var text = await closed.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Nothing is listening on port 8001 in your sandbox yet.", text);
        Assert.Contains("8001번 포트", text);
    }

    internal static async Task<HttpResponseMessage> GetUntilAsync(LearnerClient learner, string url, Func<HttpResponseMessage, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await learner.Http.GetAsync(url, Ct);
            if (done(response) || attempt >= 100) return response;
            await Task.Delay(200, Ct);
        }
    }
}

/// <summary>
/// Previews on the in-process stand-in backend, whose sandboxes share the host's loopback: a Kestrel app in this
/// test process stands in for the learner's server, so the WebSocket path is exercised without the engine.
/// </summary>
public sealed class LocalPreviewTests(LocalBackendServer fixture) : IClassFixture<LocalBackendServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_websocket_echo_app_works_through_the_preview_and_cookies_stay_with_playground()
    {
        await using var app = await StartEchoAppAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var server = fixture.Server;
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();

        var headers = await learner.Http.GetStringAsync($"/preview/{workspace.Id}/{port}/cookies", Ct);
        Assert.DoesNotContain("pg_learner", headers);

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = learner.Cookies;
        socket.Options.SetRequestHeader("Origin", server.Origin);
        var wsUri = new Uri(server.BaseUri, $"/preview/{workspace.Id}/{port}/echo");
        await socket.ConnectAsync(new UriBuilder(wsUri) { Scheme = "ws" }.Uri, Ct);
        foreach (var message in new[] { "hello", "안녕하세요", new string('x', 100_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, Ct);
            var received = new MemoryStream();
            var buffer = new byte[16 * 1024];
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, Ct);
                received.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            Assert.Equal(message, Encoding.UTF8.GetString(received.ToArray()));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);

        using var other = server.NewLearner();
        using var refused = new ClientWebSocket();
        refused.Options.Cookies = other.Cookies;
        await other.Http.GetAsync("/api/me", Ct); // an identity of its own
        refused.Options.SetRequestHeader("Origin", server.Origin);
        await Assert.ThrowsAnyAsync<WebSocketException>(() => refused.ConnectAsync(new UriBuilder(wsUri) { Scheme = "ws" }.Uri, Ct));
    }

    private static async Task<WebApplication> StartEchoAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/cookies", (HttpContext http) => string.Join("\n", http.Request.Headers.Cookie.ToArray()));
        app.Map("/echo", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest) { http.Response.StatusCode = 400; return; }
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, http.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", http.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, http.RequestAborted);
            }
        });
        await app.StartAsync();
        return app;
    }
}
