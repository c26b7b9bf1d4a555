using System.Diagnostics;
using Playground.Testing;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// The server process as up.sh runs it (<c>playground.dll serve</c>), stopped by SIGTERM: before it exits it removes
/// every container and volume labelled with its instance (pooled sandboxes included).
/// </summary>
public sealed class ShutdownSignalTests(DockerEngine docker)
{
    [Fact]
    public async Task SIGTERM_removes_every_container_and_volume_of_the_instance_before_exit()
    {
        await docker.RequireShellAsync();
        await docker.RequireImageAsync("playground/docker:1");
        var ct = TestContext.Current.CancellationToken;
        var instance = "test-" + Guid.NewGuid().ToString("N")[..10];
        var data = Directory.CreateTempSubdirectory("pg-sigterm-").FullName;
        var db = Path.Combine(data, "playground.db");
        var start = new ProcessStartInfo("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "playground.dll"), "serve",
            "--Playground:Urls=http://127.0.0.1:0",
            $"--Playground:Sandboxes:InstanceId={instance}",
            $"--Playground:Sandboxes:ConnectionString=Data Source={db}",
            $"--Playground:Progress:ConnectionString=Data Source={db}",
            "--Playground:Sandboxes:Pool:shell=1",
            "--Playground:Sandboxes:Pool:docker=1",
            "--Playground:Sandboxes:Pool:k8s=0",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            // The warm pool fills by itself: one shell and one docker sandbox (the docker one with its volume).
            var counts = await docker.CountAsync(instance, ct);
            for (var i = 0; i < 240 && (counts.Containers < 2 || counts.Volumes < 1) && !process.HasExited; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                counts = await docker.CountAsync(instance, ct);
            }
            // Only a server that already exited has a complete stderr to show: awaiting it while it runs would wait forever.
            if (process.HasExited) Assert.Fail($"the server exited before the pool filled:\n{await stderr}");
            Assert.True(counts.Containers >= 2 && counts.Volumes >= 1, $"the pool did not fill: {counts}");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
                await kill.WaitForExitAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            var left = await docker.CountAsync(instance, ct);
            var log = await stdout + await stderr;

            Assert.True(left.Containers == 0 && left.Volumes == 0, $"left behind after SIGTERM: {left}\n{log}");
            Assert.Contains("server-shutdown", log);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await docker.RemoveInstanceAsync(instance, CancellationToken.None);
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
