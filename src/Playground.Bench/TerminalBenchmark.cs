using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Playground.Progress;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;
using Playground.Terminals;
using Playground.Terminals.Sessions;
using Spectre.Console;

namespace Playground.Bench;

/// <summary>
/// Issue 4 targets, through the full web app in this process: output throughput, keystroke echo and
/// Ctrl-C latency over the WebSocket protocol, each next to the same procedure on a direct TTY exec
/// stream into the same sandbox (the baseline: what the engine gives without Playground in between).
/// </summary>
internal sealed class TerminalBenchmark(BenchContext context)
{
    private const string Environment = "shell";
    private const double ThroughputRatioTarget = 0.8;
    private const double ThroughputFloorBytesPerSecond = 30e6;
    private const double EchoTargetMs = 5;
    private const double InterruptTargetMs = 200;
    private static readonly TimeSpan EchoPace = TimeSpan.FromMilliseconds(8);
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(30);
    private const int Columns = 120, Rows = 32;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var web = await BenchWebApp.StartAsync(context, ct);
        var services = web.Services;
        var manager = services.GetRequiredService<WorkspaceManager>();
        var catalog = services.GetRequiredService<EnvironmentCatalog>();
        var availability = await catalog.GetAvailabilityAsync(Environment, ct);
        if (!availability.Available || catalog.Find(Environment) is not { } spec)
        {
            AnsiConsole.MarkupLine($"terminal: skipped — {Markup.Escape(availability.Reason ?? "no shell environment")}");
            return;
        }
        var terminalOptions = services.GetRequiredService<IOptions<TerminalOptions>>().Value;

        var learner = LearnerIds.New();
        var workspace = await manager.CreateAsync(learner, "bench/terminal", Environment, ct);
        try
        {
            var uri = web.WebSocketUri($"/ws/workspaces/{workspace.Id}/terminals/1?token={Uri.EscapeDataString(workspace.Token)}&cols={Columns}&rows={Rows}");
            await using var socket = await TerminalClient.ConnectAsync(uri, learner, web.Origin, ct);
            await socket.WaitAttachedAsync(TimeSpan.FromSeconds(30), ct);
            await TerminalProbes.WaitForPromptAsync(socket, PromptTimeout, ct);

            await using var direct = await DirectExecTerminal.OpenAsync(context.Docker, workspace.Sandboxes[0].SandboxId, spec, Columns, Rows, ct);
            await TerminalProbes.WaitForPromptAsync(direct, PromptTimeout, ct);

            var session = await services.GetRequiredService<TerminalSessions>()
                .GetOrStartAsync(manager.GetLive(workspace.Id) ?? throw new InvalidOperationException("the workspace ended"), 1, Columns, Rows, ct);
            await using var sampler = new UnacknowledgedSampler(session);

            var loadBefore = HostLoad.Read();
            var results = await MeasureAsync(socket, direct, spec.User, sampler, ct);
            Print(web, results, terminalOptions);
            PrintBaselines(results, loadBefore);
        }
        finally
        {
            await manager.EndAsync(workspace.Id, TerminationReason.Destroyed, CancellationToken.None);
        }
    }

    private sealed record Results(
        long InputBytes,
        ThroughputResult SocketThroughput, ThroughputResult DirectThroughput,
        Stats SocketEcho, Stats DirectEcho,
        Stats SocketInterrupt, Stats DirectInterrupt,
        long ServerPeakUnacknowledged, long ClientPeakUnacknowledged, long BytesAfterInterruptMax,
        ThroughputResult? CliThroughput, ThroughputResult? ProducerThroughput, string? BaselineProblem);

    private async Task<Results> MeasureAsync(TerminalClient socket, DirectExecTerminal direct, string? user, UnacknowledgedSampler sampler, CancellationToken ct)
    {
        var arguments = context.Arguments;
        var inputBytes = arguments.ThroughputBytes;
        ThroughputResult? socketThroughput = null, directThroughput = null;
        Stats? socketEcho = null, directEcho = null;
        var socketInterrupt = new List<double>();
        var directInterrupt = new List<double>();
        long serverPeak = 0, clientPeak = 0, afterInterrupt = 0;
        var host = Playground.Sandboxes.SandboxEngine.HostFromEnvironment();
        var cliRuns = new List<ThroughputResult>();
        var producerRuns = new List<ThroughputResult>();
        string? baselineProblem = null;

        await BenchProgress.StatusAsync("terminal", async status =>
        {
            // A-B-C-C-B-A, so that a drift in the host's load (it is shared) weighs on every side alike.
            var socketRuns = new List<ThroughputResult>();
            var directRuns = new List<ThroughputResult>();
            foreach (var via in new[] { "socket", "direct", "cli", "cli", "direct", "socket" })
            {
                status($"terminal: throughput over the {via switch { "socket" => "WebSocket", "direct" => "direct exec stream", _ => "docker CLI" }} ({inputBytes >> 20} MiB through base64)");
                if (via == "cli")
                {
                    if (baselineProblem is not null) continue;
                    var (cli, why) = await CliExecBaseline.MeasureCliAsync(host, direct.ContainerId, user, inputBytes, ct);
                    if (cli is null) baselineProblem = why;
                    else cliRuns.Add(cli);
                    var (producer, _) = await CliExecBaseline.MeasureProducerAsync(host, direct.ContainerId, inputBytes, ct);
                    if (producer is not null) producerRuns.Add(producer);
                }
                else if (via == "socket")
                {
                    sampler.Reset();
                    socket.ResetUnacknowledgedPeak();
                    socketRuns.Add(await TerminalProbes.MeasureThroughputAsync(socket, inputBytes, ct));
                    serverPeak = Math.Max(serverPeak, sampler.Peak);
                    clientPeak = Math.Max(clientPeak, socket.MaxUnacknowledged);
                }
                else
                {
                    directRuns.Add(await TerminalProbes.MeasureThroughputAsync(direct, inputBytes, ct));
                }
            }
            socketThroughput = ThroughputResult.Sum(socketRuns);
            directThroughput = ThroughputResult.Sum(directRuns);

            status($"terminal: keystroke echo over the WebSocket ({arguments.EchoSamples} characters)");
            socketEcho = await TerminalProbes.MeasureEchoAsync(socket, arguments.EchoSamples, EchoPace, ct);
            status($"terminal: keystroke echo over the direct exec stream ({arguments.EchoSamples} characters)");
            directEcho = await TerminalProbes.MeasureEchoAsync(direct, arguments.EchoSamples, EchoPace, ct);

            for (var i = 0; i < arguments.InterruptRepetitions; i++)
            {
                status($"terminal: Ctrl-C during `yes` ({i + 1}/{arguments.InterruptRepetitions})");
                sampler.Reset();
                socket.ResetUnacknowledgedPeak();
                var viaSocket = await TerminalProbes.MeasureInterruptAsync(socket, TimeSpan.FromSeconds(1), ct);
                serverPeak = Math.Max(serverPeak, sampler.Peak);
                clientPeak = Math.Max(clientPeak, socket.MaxUnacknowledged);
                afterInterrupt = Math.Max(afterInterrupt, viaSocket.BytesAfterInterrupt);
                socketInterrupt.Add(viaSocket.Latency.TotalMilliseconds);
                var viaDirect = await TerminalProbes.MeasureInterruptAsync(direct, TimeSpan.FromSeconds(1), ct);
                directInterrupt.Add(viaDirect.Latency.TotalMilliseconds);
            }
        });

        return new Results(inputBytes, socketThroughput!, directThroughput!, socketEcho!, directEcho!,
            Stats.Of(socketInterrupt), Stats.Of(directInterrupt), serverPeak, clientPeak, afterInterrupt,
            cliRuns.Count > 0 ? ThroughputResult.Sum(cliRuns) : null, producerRuns.Count > 0 ? ThroughputResult.Sum(producerRuns) : null, baselineProblem);
    }

    private void Print(BenchWebApp web, Results r, TerminalOptions options)
    {
        var report = context.Report;
        var throughputRatio = r.SocketThroughput.BytesPerSecond / r.DirectThroughput.BytesPerSecond;
        var throughputMet = report.Target("terminal throughput ≥ 0.8x direct and ≥ 30 MB/s",
            throughputRatio >= ThroughputRatioTarget && r.SocketThroughput.BytesPerSecond >= ThroughputFloorBytesPerSecond);
        var echoMet = report.Target("keystroke echo p50 < 5 ms", r.SocketEcho.P50 < EchoTargetMs);
        var interruptMet = report.Target("Ctrl-C → prompt < 200 ms", r.SocketInterrupt.Max < InterruptTargetMs);
        // The reader checks credit before each read, so one read chunk may land above the mark.
        var bound = options.HighWaterBytes + options.ReadChunkBytes;
        var boundedMet = report.Target("unacknowledged output bounded by the high-water mark", r.ServerPeakUnacknowledged <= bound);

        var table = new Table().Title($"[bold]Terminal[/]: shell workspace through the web app at {web.Address}, WebSocket vs direct TTY exec")
            .AddColumn("Measurement").AddColumn(new TableColumn("WebSocket").RightAligned()).AddColumn(new TableColumn("Direct exec").RightAligned())
            .AddColumn(new TableColumn("WS / direct").RightAligned()).AddColumn("Target").AddColumn("Met");
        table.AddRow(
            $"Output throughput: base64 of {r.InputBytes >> 20} MiB ({Format.Bytes(r.SocketThroughput.Bytes / 2)} out), ×2 ABBA",
            $"{Format.MBps(r.SocketThroughput.BytesPerSecond)} ({r.SocketThroughput.Elapsed.TotalSeconds:0.0} s)",
            $"{Format.MBps(r.DirectThroughput.BytesPerSecond)} ({r.DirectThroughput.Elapsed.TotalSeconds:0.0} s)",
            Format.Ratio(throughputRatio), "≥ 0.80x and ≥ 30 MB/s", Marks.Of(throughputMet));
        table.AddRow("  bench process CPU per MB (WS: server+client)",
            Format.Ms(r.SocketThroughput.CpuMsPerMB), Format.Ms(r.DirectThroughput.CpuMsPerMB),
            Format.Ratio(r.SocketThroughput.CpuMsPerMB / r.DirectThroughput.CpuMsPerMB), "", "");
        table.AddRow("  mean bytes per OUTPUT frame / exec read",
            Format.Bytes(r.SocketThroughput.BytesPerChunk), Format.Bytes(r.DirectThroughput.BytesPerChunk), "", "", "");
        table.AddRow($"Keystroke echo p50 ({r.SocketEcho.Count} chars, every {EchoPace.TotalMilliseconds:0} ms)",
            Format.Ms(r.SocketEcho.P50), Format.Ms(r.DirectEcho.P50), Format.Ratio(r.SocketEcho.P50 / r.DirectEcho.P50), "p50 < 5 ms", Marks.Of(echoMet));
        table.AddRow("Keystroke echo p99", Format.Ms(r.SocketEcho.P99), Format.Ms(r.DirectEcho.P99), Format.Ratio(r.SocketEcho.P99 / r.DirectEcho.P99), "", "");
        table.AddRow($"Ctrl-C during `yes` → prompt, silent (p50 of {r.SocketInterrupt.Count})",
            Format.Ms(r.SocketInterrupt.P50), Format.Ms(r.DirectInterrupt.P50), Format.Ratio(r.SocketInterrupt.P50 / r.DirectInterrupt.P50), "", "");
        table.AddRow("Ctrl-C → prompt, worst",
            Format.Ms(r.SocketInterrupt.Max), Format.Ms(r.DirectInterrupt.Max), Format.Ratio(r.SocketInterrupt.Max / r.DirectInterrupt.Max), "every one < 200 ms", Marks.Of(interruptMet));
        table.AddRow("Peak unacknowledged output (server side)", Format.Bytes(r.ServerPeakUnacknowledged), "n/a", "",
            $"≤ high-water + 1 read ({Format.Bytes(bound)})", Marks.Of(boundedMet));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"  [grey]Server flow control: high-water {Format.Bytes(options.HighWaterBytes)}, low-water {Format.Bytes(options.LowWaterBytes)}, read chunk {Format.Bytes(options.ReadChunkBytes)}. " +
            $"Client ACKs every {Format.Bytes(TerminalClient.AckEveryBytes)} or 100 ms; client-side peak unacknowledged {Format.Bytes(r.ClientPeakUnacknowledged)}; " +
            $"most output after a Ctrl-C {Format.Bytes(r.BytesAfterInterruptMax)}. MB = 10^6 bytes.[/]");
        AnsiConsole.WriteLine();
    }

    /// <summary>
    /// The same base64 output, on the same sandbox of the sandbox engine, through each layer: the producer alone,
    /// the engine's TTY exec read by the docker CLI, the same read by Docker.DotNet in this process, and
    /// Playground's WebSocket terminal. What the CLI does not reach is the engine's; the rest is ours.
    /// </summary>
    private void PrintBaselines(Results r, string loadBefore)
    {
        var table = new Table().Title("[bold]Terminal throughput by layer[/]: base64 output on the sandbox engine, same sandbox, ×2 each, interleaved")
            .AddColumn("Path").AddColumn(new TableColumn("Throughput").RightAligned())
            .AddColumn(new TableColumn("vs CLI exec -t").RightAligned()).AddColumn(new TableColumn("vs Docker.DotNet").RightAligned());
        var cli = r.CliThroughput?.BytesPerSecond;
        var raw = r.DirectThroughput.BytesPerSecond;
        string Vs(double value, double? baseline) => baseline is > 0 ? Format.Ratio(value / baseline.Value) : "n/a";
        if (r.ProducerThroughput is { } producer)
            table.AddRow("in the sandbox, no TTY, into wc (the producer alone)", Format.MBps(producer.BytesPerSecond), Vs(producer.BytesPerSecond, cli), Vs(producer.BytesPerSecond, raw));
        table.AddRow($"docker -H <sandbox engine> exec -t (CLI raw exec){(r.BaselineProblem is null ? "" : $": {Markup.Escape(r.BaselineProblem)}")}",
            cli is { } c ? Format.MBps(c) : "n/a", cli is null ? "n/a" : "1.00x", cli is { } c2 ? Vs(c2, raw) : "n/a");
        table.AddRow("Docker.DotNet TTY exec in this process (raw exec)", Format.MBps(raw), Vs(raw, cli), "1.00x");
        table.AddRow("Playground WebSocket terminal", Format.MBps(r.SocketThroughput.BytesPerSecond), Vs(r.SocketThroughput.BytesPerSecond, cli), Vs(r.SocketThroughput.BytesPerSecond, raw));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"  [grey]Load average before {loadBefore}, after {HostLoad.Read()}. MB = 10^6 bytes.[/]");
        AnsiConsole.WriteLine();
    }
}
