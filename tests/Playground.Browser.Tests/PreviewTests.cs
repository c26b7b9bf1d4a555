using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>
/// Issue 13: web previews in a real browser, on the preview's own host (<c>p-PORT-WORKSPACE.localhost</c>, which
/// Chromium resolves to loopback), from the lesson page's Open preview, into real sandboxes.
/// </summary>
public sealed partial class PreviewTests(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A WebSocket echo app on Python's standard library only (the shell image has python3, no packages).</summary>
    private const string EchoApp = """
        import base64, hashlib, http.server, struct
        PAGE = b'''<!doctype html><p id="out">waiting</p><script>
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/echo');
        ws.onopen = () => ws.send('\\uC548\\uB155 echo');
        ws.onmessage = (e) => { document.getElementById('out').textContent = 'echoed: ' + e.data; };
        </script>'''
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            def log_message(self, *args): pass
            def do_GET(self):
                if self.headers.get('Upgrade', '').lower() != 'websocket':
                    self.send_response(200)
                    self.send_header('Content-Type', 'text/html; charset=utf-8')
                    self.send_header('Content-Length', str(len(PAGE)))
                    self.end_headers()
                    self.wfile.write(PAGE)
                    return
                key = self.headers['Sec-WebSocket-Key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
                self.send_response(101)
                self.send_header('Upgrade', 'websocket')
                self.send_header('Connection', 'Upgrade')
                self.send_header('Sec-WebSocket-Accept', base64.b64encode(hashlib.sha1(key.encode()).digest()).decode())
                self.end_headers()
                self.wfile.flush()
                while True:
                    head = self.rfile.read(2)
                    if len(head) < 2: return
                    opcode, length = head[0] & 15, head[1] & 127
                    if length == 126: length = struct.unpack('>H', self.rfile.read(2))[0]
                    elif length == 127: length = struct.unpack('>Q', self.rfile.read(8))[0]
                    mask = self.rfile.read(4)
                    data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
                    if opcode == 8: return
                    size = bytes([length]) if length < 126 else bytes([126]) + struct.pack('>H', length)
                    self.wfile.write(bytes([0x80 | opcode]) + size + data)
                    self.wfile.flush()
        http.server.ThreadingHTTPServer(('127.0.0.1', 8090), Handler).serve_forever()
        """;

    [Fact]
    public async Task Python_http_server_and_a_websocket_app_open_on_their_own_host_other_learners_get_403_and_a_closed_port_explains()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, Ct);
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        await lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, "#step-1");
        await lesson.WaitForShellAsync();
        // (a) The server a learner starts in their terminal.
        await lesson.TypeCommandAsync("mkdir -p ~/site && echo '<h1>hello from the sandbox</h1>' > ~/site/index.html");
        await lesson.TypeCommandAsync("(cd ~/site && python3 -m http.server 8000 >/dev/null 2>&1 &)");

        var preview = await OpenPreviewAsync(learner, 8000, "hello from the sandbox");
        var url = new Uri(preview.Url);
        Assert.Matches(PreviewHost(), url.Host);
        Assert.StartsWith("p-8000-", url.Host);
        Assert.Equal("/", url.PathAndQuery);
        // Not Playground's origin: the app's scripts cannot reach Playground's API with the learner's cookie.
        Assert.NotEqual(new Uri(learner.Server.Origin).Host, url.Host);

        // (c) A WebSocket app through the preview (an echo server on python3's standard library).
        var workspaceId = await learner.Page.EvaluateAsync<string>("() => window.playground.workspace.id");
        var script = "cat > /tmp/echo.py <<'PY'\n" + EchoApp + "\nPY\n(setsid python3 /tmp/echo.py >/tmp/echo.log 2>&1 < /dev/null &)";
        var started = await learner.Server.Get<WorkspaceManager>().ExecAsync(workspaceId, new SandboxExecRequest(["bash", "-c", script]), Ct);
        Assert.Equal(0, started.ExitCode);
        var echo = await OpenPreviewAsync(learner, 8090, "waiting");
        await PollAsync(async () => (await echo.Locator("#out").InnerTextAsync()).Contains("echoed"), "the WebSocket echo");
        Assert.Equal("echoed: 안녕 echo", await echo.Locator("#out").InnerTextAsync());

        // (d) Another learner who has the address gets 403, and nothing of the app.
        await using var other = await browser.NewLearnerAsync();
        var refused = await other.Page.GotoAsync(preview.Url);
        Assert.Equal(403, refused!.Status);
        var refusal = await other.Page.Locator("body").InnerTextAsync();
        Assert.Contains("This preview is not open to you.", refusal);
        Assert.DoesNotContain("hello from the sandbox", refusal);

        // (e) Nothing listening: a page that says so, in English and Korean.
        var closed = await OpenPreviewAsync(learner, 8001, "Nothing is listening on port 8001");
        Assert.Contains("8001번 포트", await closed.Locator("body").InnerTextAsync());
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task A_container_published_inside_the_docker_environment_opens_in_the_preview()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync("playground/docker:1", Ct);
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        await lesson.OpenAsync("docker", "first-container", "#step-1");
        await lesson.WaitForShellAsync();
        // (b) docker run -p inside the learner's own engine; the preview reaches the published port.
        await lesson.TypeCommandAsync("docker run -d -p 8080:80 playground/web");
        var preview = await OpenPreviewAsync(learner, 8080, "Hello from Playground", attempts: 150);
        Assert.StartsWith("p-8080-", new Uri(preview.Url).Host);
        learner.AssertPageHealthy();
    }

    /// <summary>Types the port into Open preview and clicks it; reloads the new tab until it shows <paramref name="expected"/>.</summary>
    private static async Task<IPage> OpenPreviewAsync(Learner learner, int port, string expected, int attempts = 60)
    {
        var page = learner.Page;
        await page.Locator(".pg-preview-port").FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var popup = await page.RunAndWaitForPopupAsync(() => page.Locator(".pg-open-preview").ClickAsync());
        await popup.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        for (var attempt = 0; ; attempt++)
        {
            var text = await popup.Locator("body").InnerTextAsync();
            if (text.Contains(expected, StringComparison.Ordinal)) return popup;
            if (attempt >= attempts) throw new Xunit.Sdk.XunitException($"the preview of port {port} at {popup.Url} never showed \"{expected}\": {text}");
            await Task.Delay(500, Ct);
            await popup.ReloadAsync();
        }
    }

    private static async Task PollAsync(Func<Task<bool>> done, string what)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if (await done()) return;
            await Task.Delay(250, Ct);
        }
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
    }

    [GeneratedRegex("^p-[0-9]+-[a-z0-9]+\\.localhost$")]
    private static partial Regex PreviewHost();
}
