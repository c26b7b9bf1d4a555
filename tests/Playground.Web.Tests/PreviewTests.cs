using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Playground.Cohorts;
using Playground.Testing;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// A learner's browser for previews: one cookie jar for Playground's origin and every preview host, and every
/// connection to the test server's loopback port whatever the host name (browsers resolve <c>*.localhost</c> to
/// loopback themselves; glibc does not).
/// </summary>
internal sealed class PreviewClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public PreviewClient(PlaygroundServer server, LearnerClient learner, bool followRedirects = true)
    {
        var port = server.BaseUri.Port;
        _handler = new SocketsHttpHandler
        {
            CookieContainer = learner.Cookies,
            UseCookies = true,
            AllowAutoRedirect = followRedirects,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        Http = new HttpClient(_handler, disposeHandler: false) { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(120) };
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    public HttpClient Http { get; }

    /// <summary>For <see cref="ClientWebSocket.ConnectAsync(Uri, HttpMessageInvoker?, CancellationToken)"/>.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>The preview host of a workspace's port on the test server: <c>p-PORT-ID.localhost:SERVERPORT</c>.</summary>
    public static string Host(PlaygroundServer server, string workspaceId, int port) => $"p-{port}-{workspaceId}.localhost:{server.BaseUri.Port}";

    public void Dispose()
    {
        Http.Dispose();
        Invoker.Dispose();
        _handler.Dispose();
    }
}

/// <summary>Web previews by host name through the real pipeline into a real shell sandbox (Docker engine).</summary>
public sealed class PreviewTests(CurriculumServer fixture, DockerEngine docker) : IClassFixture<CurriculumServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private PlaygroundServer Server => fixture.Server;

    [Fact]
    public async Task A_python_http_server_is_served_on_its_own_host_to_its_learner_only_and_a_closed_port_gets_a_clear_page()
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

        using var browser = new PreviewClient(Server, learner);
        var page = await GetUntilAsync(browser.Http, $"/open-preview/{workspace.Id}/8000/", r => r.StatusCode == HttpStatusCode.OK);
        var body = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(body.Contains("hello from the sandbox"), $"{(int)page.StatusCode} {page.Headers} [{body}]");
        // Served on the preview's own host, after the ticket exchange (which left no ticket in the address).
        var host = PreviewClient.Host(Server, workspace.Id, 8000);
        Assert.Equal($"http://{host}/", page.RequestMessage!.RequestUri!.ToString());
        Assert.Contains("'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single());
        var cookie = Assert.Single(learner.Cookies.GetCookies(new Uri($"http://{host}/")), c => c.Name == "pg_preview");
        Assert.True(cookie.HttpOnly);
        Assert.DoesNotContain(learner.Cookies.GetCookies(Server.BaseUri), c => c.Name == "pg_preview");
        // The same connection again (keep-alive), a file by name.
        var file = await browser.Http.GetAsync($"http://{host}/index.html", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("<h1>hello from the sandbox</h1>\n", await file.Content.ReadAsStringAsync(Ct));
        // Playground's API is not served on a preview host: the path goes to the app (python's 404).
        var api = await browser.Http.GetAsync($"http://{host}/api/me", Ct);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain(learner.LearnerId!, await api.Content.ReadAsStringAsync(Ct));
        // A ticket works once.
        using (var manual = new PreviewClient(Server, learner, followRedirects: false))
        {
            var redirect = await manual.Http.GetAsync($"/open-preview/{workspace.Id}/8000/", Ct);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            var location = redirect.Headers.Location!;
            Assert.StartsWith($"http://{host}/__playground/preview-auth?ticket=", location.ToString());
            Assert.Equal(HttpStatusCode.Redirect, (await manual.Http.GetAsync(location, Ct)).StatusCode);
            var reused = await manual.Http.GetAsync(location, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, reused.StatusCode);
            Assert.Contains("expired or was already used", await reused.Content.ReadAsStringAsync(Ct));
        }
        // The path form (the app on Playground's origin) is off by default.
        Assert.Equal(HttpStatusCode.NotFound, (await learner.Http.GetAsync($"/preview/{workspace.Id}/8000/", Ct)).StatusCode);

        using var other = Server.NewLearner();
        await other.Http.GetAsync("/api/me", Ct);
        using var otherBrowser = new PreviewClient(Server, other);
        var refused = await otherBrowser.Http.GetAsync($"http://{host}/", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var refusal = await refused.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("hello from the sandbox", refusal);
        Assert.Contains("This preview is not open to you.", refusal);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBrowser.Http.GetAsync($"/open-preview/{workspace.Id}/8000/", Ct)).StatusCode);

        var closed = await browser.Http.GetAsync($"/open-preview/{workspace.Id}/8001/", Ct);
        Assert.Equal(HttpStatusCode.BadGateway, closed.StatusCode);
        var text = await closed.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Nothing is listening on port 8001 in your sandbox yet.", text);
        Assert.Contains("8001번 포트", text);
    }

    [Fact]
    public async Task Parallel_requests_to_a_server_that_closes_every_connection_all_arrive_byte_exact_and_so_does_a_large_body()
    {
        await docker.RequireShellAsync();
        using var learner = Server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var workspaces = Server.Get<Playground.Sandboxes.Workspaces.WorkspaceManager>();
        // python's http.server answers HTTP/1.0 and closes every connection: each request is a new connection in the sandbox (over reused forwarders).
        var started = await workspaces.ExecAsync(workspace.Id, new Playground.Sandboxes.Backends.SandboxExecRequest(["bash", "-c",
            "command -v python3 >/dev/null || exit 3; mkdir -p /tmp/site && cd /tmp/site && " +
            "python3 -c 'import sys; sys.stdout.write(\"\".join(\"line %05d of the small file\\n\" % i for i in range(200)))' > small.txt && " +
            "head -c 8388608 /dev/urandom > big.bin && " +
            "(setsid python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 < /dev/null &) && " +
            "for i in $(seq 300); do curl -sf -o /dev/null http://127.0.0.1:8000/small.txt && exit 0; sleep 0.1; done; exit 1"]), Ct);
        if (started.ExitCode == 3) Assert.Skip("playground/shell:1 has no python3 yet: run sandbox-images/build.sh shell");
        Assert.True(started.ExitCode == 0, $"the server did not start: {started.Stdout}{started.Stderr}");
        var small = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i:D5} of the small file\n"));
        var bigHash = (await workspaces.ExecAsync(workspace.Id, new Playground.Sandboxes.Backends.SandboxExecRequest(
            ["bash", "-c", "sha256sum /tmp/site/big.bin | cut -d' ' -f1"]), Ct)).Stdout.Trim();

        using var browser = new PreviewClient(Server, learner);
        var opened = await GetUntilAsync(browser.Http, $"/open-preview/{workspace.Id}/8000/small.txt", r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(small, await opened.Content.ReadAsStringAsync(Ct));
        var host = PreviewClient.Host(Server, workspace.Id, 8000);

        var failures = new List<string>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= 100)
            {
                using var response = await browser.Http.GetAsync($"http://{host}/small.txt", Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (response.StatusCode != HttpStatusCode.OK || body != small)
                    lock (failures) failures.Add($"{(int)response.StatusCode}: {body.Length} chars {body[..Math.Min(body.Length, 200)]}");
            }
        }));
        Assert.True(failures.Count == 0, $"{failures.Count} of 100 failed; first: {failures.FirstOrDefault()}");

        for (var i = 0; i < 2; i++)
        {
            using var response = await browser.Http.GetAsync($"http://{host}/big.bin", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(8 * 1024 * 1024, bytes.Length);
            Assert.Equal(bigHash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
    }

    internal static async Task<HttpResponseMessage> GetUntilAsync(HttpClient http, string url, Func<HttpResponseMessage, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await http.GetAsync(url, Ct);
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
    public async Task A_websocket_echo_app_works_on_the_preview_host_and_cookies_stay_with_playground()
    {
        await using var app = await StartEchoAppAsync();
        var port = AppPort(app);
        var server = fixture.Server;
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        using var browser = new PreviewClient(server, learner);

        var headers = await browser.Http.GetStringAsync($"/open-preview/{workspace.Id}/{port}/cookies", Ct);
        Assert.DoesNotContain("pg_learner", headers);
        Assert.DoesNotContain("pg_preview", headers);
        // A cookie the app sets stays on its host; one aimed at the parent domain (Playground's) is dropped.
        var host = PreviewClient.Host(server, workspace.Id, port);
        var set = await browser.Http.GetAsync($"http://{host}/set-cookies", Ct);
        var setCookies = set.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.Contains(setCookies, c => c.StartsWith("app=1", StringComparison.Ordinal));
        Assert.DoesNotContain(setCookies, c => c.Contains("tossed", StringComparison.Ordinal));

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{host}/echo"), browser.Invoker, Ct);
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
        await other.Http.GetAsync("/api/me", Ct); // an identity of its own
        using var otherBrowser = new PreviewClient(server, other);
        using var refused = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => refused.ConnectAsync(new Uri($"ws://{host}/echo"), otherBrowser.Invoker, Ct));
    }

    [Fact]
    public async Task An_instructor_opens_a_cohort_learners_preview_recorded_in_the_activity_list_and_everyone_else_gets_a_clear_403()
    {
        await using var app = await StartEchoAppAsync();
        var port = AppPort(app);
        var server = fixture.Server;
        var store = server.Get<CohortStore>();
        var cohort = await store.CreateCohortAsync(opens: []);
        using var learner = server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode, "Ada")).Ok();
        var workspace = await learner.StartWorkspaceAsync();
        var host = PreviewClient.Host(server, workspace.Id, port);

        using var instructor = await server.SignInInstructorAsync();
        using var instructorBrowser = new PreviewClient(server, instructor.Client);
        var page = await instructorBrowser.Http.GetAsync($"/open-preview/{workspace.Id}/{port}/cookies", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal($"http://{host}/cookies", page.RequestMessage!.RequestUri!.ToString());
        var forwarded = await page.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("pg_instructor", forwarded);
        Assert.DoesNotContain("pg_preview", forwarded);
        // The instructor's preview cookie keeps working on that host (WebSocket included).
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://{host}/echo"), instructorBrowser.Invoker, Ct);
            await socket.SendAsync(Encoding.UTF8.GetBytes("hi"), WebSocketMessageType.Text, true, Ct);
            var buffer = new byte[16];
            var result = await socket.ReceiveAsync(buffer, Ct);
            Assert.Equal("hi", Encoding.UTF8.GetString(buffer, 0, result.Count));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        }
        var actions = (await instructor.Client.GetAsync($"/api/instructor/cohorts/{cohort.Id}/actions")).Ok().AsArray();
        var opened = Assert.Single(actions, a => a!["action"]!.GetValue<string>() == "open-preview")!;
        Assert.Equal(learner.LearnerId, opened["target"]!.GetValue<string>());
        Assert.Contains($"port {port}", opened["detail"]!.GetValue<string>());
        Assert.Equal(instructor.Name, opened["instructor"]!.GetValue<string>());

        // Another learner, without the instructor cookie: refused, in both languages, and the app is never reached.
        using var other = server.NewLearner();
        await other.Http.GetAsync("/api/me", Ct);
        using var otherBrowser = new PreviewClient(server, other);
        var refused = await otherBrowser.Http.GetAsync($"/open-preview/{workspace.Id}/{port}/cookies", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var refusal = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("This preview is not open to you.", refusal);
        Assert.Contains("이 미리보기를 열 권한이 없습니다.", refusal);
        Assert.StartsWith("text/html", refused.Content.Headers.ContentType!.ToString());

        // An instructor asking for a learner who is in no cohort: refused with its own reason, nothing recorded.
        using var loner = server.NewLearner();
        var private_ = await loner.StartWorkspaceAsync();
        var notInCohort = await instructorBrowser.Http.GetAsync($"/open-preview/{private_.Id}/{port}/cookies", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notInCohort.StatusCode);
        var notInCohortText = await notInCohort.Content.ReadAsStringAsync(Ct);
        Assert.Contains("This learner is not in a cohort.", notInCohortText);
        Assert.Contains("이 학습자는 코호트에 속해 있지 않습니다.", notInCohortText);

        // Once the learner leaves the cohort, the instructor's preview cookie no longer opens their app.
        await store.RemoveMemberAsync(cohort.Id, learner.LearnerId!, Ct);
        var afterRemoval = await instructorBrowser.Http.GetAsync($"http://{host}/cookies", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, afterRemoval.StatusCode);
        Assert.Contains("This preview is not open to you.", await afterRemoval.Content.ReadAsStringAsync(Ct));
        // The learner's own preview is unaffected.
        using var learnerBrowser = new PreviewClient(server, learner);
        Assert.Equal(HttpStatusCode.OK, (await learnerBrowser.Http.GetAsync($"/open-preview/{workspace.Id}/{port}/cookies", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_host_allow_list_accepts_exactly_preview_hosts_on_playgrounds_own_names()
    {
        var server = fixture.Server;
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        using var browser = new PreviewClient(server, learner);
        foreach (var (host, expected) in new[]
        {
            (PreviewClient.Host(server, workspace.Id, 8000), HttpStatusCode.Forbidden), // a preview host: no preview cookie yet
            ($"p-8000-{workspace.Id}.evil.example", HttpStatusCode.BadRequest),
            ($"p-8000-{workspace.Id}.localhost:1", HttpStatusCode.BadRequest),
            ($"p-08000-{workspace.Id}.localhost:{server.BaseUri.Port}", HttpStatusCode.BadRequest),
            ($"p-70000-{workspace.Id}.localhost:{server.BaseUri.Port}", HttpStatusCode.BadRequest),
            ($"x.p-8000-{workspace.Id}.localhost:{server.BaseUri.Port}", HttpStatusCode.BadRequest),
            ($"p-8000-{workspace.Id}.127.0.0.1:{server.BaseUri.Port}", HttpStatusCode.BadRequest),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Host = host;
            var response = await browser.Http.SendAsync(request, Ct);
            Assert.True(expected == response.StatusCode, $"{host}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task With_the_host_form_off_and_the_path_form_on_open_preview_falls_back_to_the_path()
    {
        await using var app = await StartEchoAppAsync();
        var port = AppPort(app);
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Previews:HostForm"] = "false",
            ["Playground:Previews:PathForm"] = "true",
        }, Ct, fixture.Backend);
        using var learner = server.NewLearner();
        var workspace = await learner.StartWorkspaceAsync();
        var response = await learner.Http.GetAsync($"/open-preview/{workspace.Id}/{port}/cookies", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/preview/{workspace.Id}/{port}/cookies", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("pg_learner", await response.Content.ReadAsStringAsync(Ct));
        using var other = server.NewLearner();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync($"/preview/{workspace.Id}/{port}/cookies", Ct)).StatusCode);
    }

    private static int AppPort(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    private static async Task<WebApplication> StartEchoAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/cookies", (HttpContext http) => string.Join("\n", http.Request.Headers.Cookie.ToArray()));
        app.Map("/set-cookies", (HttpContext http) =>
        {
            http.Response.Headers.Append("Set-Cookie", "app=1; Path=/");
            http.Response.Headers.Append("Set-Cookie", "tossed=1; Domain=localhost; Path=/");
            return "ok";
        });
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
