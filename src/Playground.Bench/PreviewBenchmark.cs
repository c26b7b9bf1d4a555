using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Web previews (issue 13): request latency and throughput of a server in a <c>shell</c> sandbox
/// (<c>python3 -m http.server</c>) through the preview host (browser → Playground → YARP → a port stream into the
/// sandbox → the app), against the baseline of <c>curl</c> inside the same sandbox to the same port, in one run.
/// Python's http.server closes the connection after every answer (HTTP/1.0), so every preview request opens a new
/// connection in the sandbox: that is what a learner's typical first server costs. A second server (the same
/// handler answering HTTP/1.1) keeps connections alive, against curl in the sandbox on one kept-alive connection.
/// </summary>
internal sealed class PreviewBenchmark(BenchContext context)
{
    private const int Port = 8000;
    private const int KeepAlivePort = 8001;

    // http.server's handler answering HTTP/1.1 (files carry Content-Length, so connections stay open). It writes the
    // head and the body apart, so without TCP_NODELAY Nagle and delayed ACKs add 40 ms to every kept-alive answer,
    // for curl as for the preview: the row would measure that instead of the preview.
    private const string KeepAliveServer =
        "import http.server as h; h.SimpleHTTPRequestHandler.protocol_version = 'HTTP/1.1'; h.SimpleHTTPRequestHandler.disable_nagle_algorithm = True; " +
        "h.ThreadingHTTPServer(('127.0.0.1', int(__import__('sys').argv[1])), h.SimpleHTTPRequestHandler).serve_forever()";
    private const int BigBytes = 8 * 1024 * 1024;

    public async Task RunAsync(CancellationToken ct)
    {
        var requests = context.Arguments.Quick ? 30 : 100;
        var downloads = context.Arguments.Quick ? 3 : 5;
        await using var app = await BenchWebApp.StartAsync(context, ct);
        var workspaces = app.Services.GetRequiredService<WorkspaceManager>();

        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies,
            // Every host (p-PORT-ID.localhost included) is the bench server on loopback, as in a browser.
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, app.Address.Port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("Origin", app.Origin);
        using var created = await http.PostAsJsonAsync("/api/workspaces", new { track = "getting-started", lesson = "first-steps" }, ct);
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException($"no workspace: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(ct)}");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
        try
        {
            var start = await workspaces.ExecAsync(id, new SandboxExecRequest(["bash", "-c",
                $"mkdir -p /tmp/site && cd /tmp/site && echo '<h1>hello</h1>' > small.html && head -c {BigBytes} /dev/urandom > big.bin && " +
                $"(setsid python3 -m http.server {Port} --bind 127.0.0.1 >/dev/null 2>&1 < /dev/null &) && " +
                $"(setsid python3 -c \"$KEEPALIVE\" {KeepAlivePort} >/dev/null 2>&1 < /dev/null &) && " +
                $"for i in $(seq 300); do curl -sf -o /dev/null http://127.0.0.1:{Port}/small.html && curl -sf -o /dev/null http://127.0.0.1:{KeepAlivePort}/small.html && exit 0; sleep 0.1; done; exit 1"])
            {
                Environment = new Dictionary<string, string> { ["KEEPALIVE"] = KeepAliveServer },
            }, ct);
            if (start.ExitCode != 0) throw new InvalidOperationException($"the server did not answer in the sandbox within 30 s: {start.Stdout}{start.Stderr}");

            // Baseline: curl in the sandbox, its own timing (no process start), same files, same count.
            var curl = await workspaces.ExecAsync(id, new SandboxExecRequest(["bash", "-c",
                $"for i in $(seq {requests}); do curl -s -o /dev/null -w '%{{time_total}}\\n' http://127.0.0.1:{Port}/small.html; done; " +
                $"for i in $(seq {downloads}); do curl -s -o /dev/null -w 'big %{{time_total}}\\n' http://127.0.0.1:{Port}/big.bin; done"]), ct);
            var curlSmall = new List<double>();
            var curlBig = new List<double>();
            foreach (var line in curl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var big = line.StartsWith("big ", StringComparison.Ordinal);
                var seconds = double.Parse(big ? line[4..] : line, CultureInfo.InvariantCulture);
                (big ? curlBig : curlSmall).Add(seconds * 1000);
            }
            // One curl with every URL: it keeps its connection alive, as a browser does. time_total of a transfer
            // on a reused connection counts from its own start.
            var urls = string.Join(' ', Enumerable.Repeat($"http://127.0.0.1:{KeepAlivePort}/small.html", requests));
            var curlAlive = await workspaces.ExecAsync(id, new SandboxExecRequest(["bash", "-c",
                $"curl -s -w '%{{time_total}} %{{num_connects}}\\n' -o /dev/null {urls.Replace(" ", " -o /dev/null ", StringComparison.Ordinal)}"]), ct);
            var curlKeepAlive = curlAlive.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => double.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture) * 1000).ToList();
            var curlConnects = curlAlive.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(line => int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));

            // The preview: one ticket exchange, then the same requests on the preview host.
            using (var opened = await http.GetAsync($"/open-preview/{id}/{Port}/small.html", ct))
            {
                if (opened.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"the preview did not open: {(int)opened.StatusCode} {await opened.Content.ReadAsStringAsync(ct)}");
            }
            using (var opened = await http.GetAsync($"/open-preview/{id}/{KeepAlivePort}/small.html", ct))
            {
                if (opened.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"the keep-alive preview did not open: {(int)opened.StatusCode} {await opened.Content.ReadAsStringAsync(ct)}");
            }
            var host = $"http://p-{Port}-{id}.localhost:{app.Address.Port}";
            var aliveHost = $"http://p-{KeepAlivePort}-{id}.localhost:{app.Address.Port}";
            // A failed request is counted, not retried: the table shows how many there were.
            var failures = new Dictionary<string, List<string>> { ["small"] = [], ["big"] = [], ["parallel"] = [], ["keep-alive"] = [] };
            async Task Sample(List<double>? into, string url, string phase)
            {
                try
                {
                    var ms = await TimeGetAsync(http, url, ct);
                    into?.Add(ms);
                }
                catch (HttpRequestException e)
                {
                    lock (failures) failures[phase].Add(e.Message);
                }
            }
            var previewSmall = new List<double>();
            for (var i = 0; i < requests; i++) await Sample(previewSmall, $"{host}/small.html", "small");
            var previewKeepAlive = new List<double>();
            for (var i = 0; i < requests; i++) await Sample(previewKeepAlive, $"{aliveHost}/small.html", "keep-alive");
            var previewBig = new List<double>();
            for (var i = 0; i < downloads; i++) await Sample(previewBig, $"{host}/big.bin", "big");
            // Four learners' tabs at once: requests per second through the preview.
            var parallel = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                for (var i = 0; i < requests / 4; i++) await Sample(null, $"{host}/small.html", "parallel");
            }));
            var parallelRps = (requests / 4 * 4 - failures["parallel"].Count) / parallel.Elapsed.TotalSeconds;

            var table = new Table().Title($"[bold]Web preview[/] of python3 -m http.server in a shell sandbox: {requests} small requests, {downloads} × {BigBytes / 1024 / 1024} MB")
                .AddColumn("what").AddColumn(new TableColumn("p50").RightAligned()).AddColumn(new TableColumn("p95").RightAligned())
                .AddColumn(new TableColumn("throughput").RightAligned()).AddColumn(new TableColumn("vs curl in sandbox").RightAligned())
                .AddColumn(new TableColumn("failed").RightAligned());
            var (cs, ps, cb, pb) = (Stats.Of(curlSmall), Stats.Of(previewSmall), Stats.Of(curlBig), Stats.Of(previewBig));
            var (ck, pk) = (Stats.Of(curlKeepAlive), Stats.Of(previewKeepAlive));
            table.AddRow("small file: curl in the sandbox (baseline)", Format.Ms(cs.P50), Format.Ms(cs.P95), $"{Format.Number(1000 / cs.Mean)} req/s", "1.00x", "");
            table.AddRow("small file: through the preview host", Format.Ms(ps.P50), Format.Ms(ps.P95), $"{Format.Number(1000 / ps.Mean)} req/s", Format.Ratio(ps.P50 / cs.P50), failures["small"].Count.ToString(CultureInfo.InvariantCulture));
            table.AddRow("small file: preview, 4 in parallel", "", "", $"{Format.Number(parallelRps)} req/s", Format.Ratio(cs.Mean / 1000 * parallelRps) + " of curl's req/s", failures["parallel"].Count.ToString(CultureInfo.InvariantCulture));
            table.AddRow($"small file, HTTP/1.1 app: curl in the sandbox, kept alive ({curlConnects} connects)", Format.Ms(ck.P50), Format.Ms(ck.P95), $"{Format.Number(1000 / ck.Mean)} req/s", "1.00x", "");
            table.AddRow("small file, HTTP/1.1 app: through the preview host", Format.Ms(pk.P50), Format.Ms(pk.P95), $"{Format.Number(1000 / pk.Mean)} req/s", Format.Ratio(pk.P50 / ck.P50), failures["keep-alive"].Count.ToString(CultureInfo.InvariantCulture));
            table.AddRow("8 MB: curl in the sandbox (baseline)", Format.Ms(cb.P50), Format.Ms(cb.P95), Format.MBps(BigBytes / (cb.P50 / 1000)), "1.00x", "");
            table.AddRow("8 MB: through the preview host", Format.Ms(pb.P50), Format.Ms(pb.P95), Format.MBps(BigBytes / (pb.P50 / 1000)), Format.Ratio(pb.P50 / cb.P50), failures["big"].Count.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Load average {HostLoad.Read()}; http.server (HTTP/1.0) closes each connection, so each of its preview requests opens a new connection in the sandbox.");
            foreach (var message in failures.Values.SelectMany(f => f).Distinct()) AnsiConsole.MarkupLineInterpolated($"[yellow]failed request:[/] {message}");
            if (failures.Values.Sum(f => f.Count) > 0) context.Report.Error("preview", "some preview requests failed (see the table)");
            AnsiConsole.WriteLine();
        }
        finally
        {
            await http.DeleteAsync($"/api/workspaces/{id}", CancellationToken.None);
        }
    }

    private static async Task<double> TimeGetAsync(HttpClient http, string url, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        response.EnsureSuccessStatusCode();
        return watch.Elapsed.TotalMilliseconds;
    }
}
