using System.Text;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing.Sandboxes;

namespace Playground.Sandboxes.Tests;

/// <summary>Workspace rules on the in-process stand-in backend: fast, no engine needed.</summary>
public sealed class LocalWorkspaceTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly LocalProcessSandboxBackend _backend = new(missingImages: ["playground/k8s:1"]);

    private Task<SandboxHarness> HarnessAsync(Action<SandboxOptions>? configure = null) => new SandboxHarness(_backend, configure).StartAsync(Ct);

    [Fact]
    public async Task Caps_hold_under_a_burst_and_a_refusal_loses_nothing()
    {
        await using var h = await HarnessAsync(o => { o.MaxSandboxes = 5; o.MaxSandboxesPerLearner = 2; });
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try { return (object)await h.Manager.CreateAsync($"learner-{i % 6}", $"t/l{i / 6}", "shell", Ct); }
            catch (CapacityExceededException e) { return e; }
        }));
        Assert.Equal(5, results.OfType<Workspace>().Count());
        Assert.Equal(5, _backend.Count);
        Assert.All(results.OfType<CapacityExceededException>(), e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal(5, h.Manager.LiveSandboxCount);
        Assert.Equal(0, h.Get<WorkspaceAdmission>().Reserved);
    }

    [Fact]
    public async Task A_crash_reported_by_the_backend_ends_the_workspace_with_its_reason()
    {
        await using var h = await HarnessAsync();
        var crashed = await h.Manager.CreateAsync("learner-a", "t/l", "shell", Ct);
        var oom = await h.Manager.CreateAsync("learner-b", "t/l", "shell", Ct);
        using var watcher = new SandboxStopWatcher(h.Backend, h.Manager, Microsoft.Extensions.Logging.Abstractions.NullLogger<SandboxStopWatcher>.Instance);
        var ended = new List<WorkspaceEnded>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = h.Events.SubscribeAll(e => { if (e is WorkspaceEnded end) lock (ended) { ended.Add(end); if (ended.Count == 2) both.TrySetResult(); } });
        await watcher.StartAsync(Ct);
        _backend.Crash(crashed.Sandboxes[0].SandboxId);
        _backend.Crash(oom.Sandboxes[0].SandboxId, outOfMemory: true);
        await both.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await watcher.StopAsync(CancellationToken.None);
        Assert.Equal(TerminationReason.Crashed, (await h.Manager.GetAsync(crashed.Id, Ct))!.EndReason);
        Assert.Equal(TerminationReason.OutOfMemory, (await h.Manager.GetAsync(oom.Id, Ct))!.EndReason);
        Assert.Equal(0, _backend.Count);
    }

    [Fact]
    public async Task A_restart_adopts_running_workspaces_and_removes_orphans()
    {
        var database = Path.Combine(Path.GetTempPath(), $"pg-local-{Guid.NewGuid():N}.db");
        Workspace w;
        SandboxHandle orphan;
        await using (var first = await new SandboxHarness(_backend, null, database).StartAsync(Ct))
        {
            w = await first.Manager.CreateAsync("learner-r", "t/l", "shell", Ct);
            orphan = await first.Backend.StartAsync(first.Environments.Find("shell")!, Ids.New(10), Ct);
        }
        await using var second = await new SandboxHarness(_backend, null, database).StartAsync(Ct);
        Assert.NotNull(second.Manager.GetLive(w.Id));
        Assert.Equal("ok\n", (await second.Manager.ExecAsync(w.Id, new SandboxExecRequest(["echo", "ok"]), Ct)).Stdout);
        Assert.Equal(SandboxRunState.Gone, (await _backend.GetStatusAsync(orphan, Ct)).State);
        Assert.Equal(1, _backend.Count);
    }

    [Fact]
    public async Task Exec_and_shell_run_in_the_workspace_and_the_environment_unavailable_path_is_clear()
    {
        await using var h = await HarnessAsync();
        var w = await h.Manager.CreateAsync("learner-x", "t/l", "shell", Ct);
        var pwd = await h.Manager.ExecAsync(w.Id, new SandboxExecRequest(["bash", "-c", "echo hi > note; cat note"]), Ct);
        Assert.Equal("hi\n", pwd.Stdout);
        await using var shell = await h.Manager.OpenShellAsync(w.Id, 80, 24, Ct);
        await shell.Stream.WriteAsync(Encoding.UTF8.GetBytes("cat note; echo $((2+3))x\n"), Ct);
        var seen = new StringBuilder();
        var buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!seen.ToString().Contains("5x"))
        {
            var n = await shell.Stream.ReadAsync(buffer, timeout.Token);
            if (n == 0) break;
            seen.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        Assert.Contains("hi", seen.ToString());
        Assert.Contains("5x", seen.ToString());

        var refused = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => h.Manager.CreateAsync("learner-x", "k/l", "k8s", Ct));
        Assert.Contains("playground/k8s:1", refused.Message);
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
