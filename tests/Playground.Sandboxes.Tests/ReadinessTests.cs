using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

/// <summary>The backend hands out a sandbox only once its readiness probe passes, and never a half-started one.</summary>
[Collection(EngineCollection.Name)]
public class ReadinessTests(DockerEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SandboxHarness> HarnessAsync()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync("playground/shell:1", Ct);
        return await new SandboxHarness(engine).StartAsync(Ct);
    }

    private static EnvironmentSpec Spec(IReadOnlyList<string> probe, IReadOnlyList<string> command, double timeoutSeconds = 20) => new()
    {
        Name = "probe-test",
        Image = "playground/shell:1",
        Command = command,
        Ready = new ReadinessProbe(probe, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(timeoutSeconds)),
    };

    [Fact]
    public async Task A_sandbox_is_handed_out_only_after_its_probe_passes()
    {
        await using var h = await HarnessAsync();
        var spec = Spec(["test", "-e", "/tmp/go"], ["sh", "-c", "sleep 1; touch /tmp/go; exec sleep infinity"]);
        var sandbox = await h.Backend.StartAsync(spec, Ids.New(10), Ct);
        var seen = await h.Backend.RunAsync(sandbox, new SandboxExecRequest(["test", "-e", "/tmp/go"]), Ct);
        Assert.Equal(0, seen.ExitCode);
        await h.Backend.RemoveAsync(sandbox, Ct);
    }

    [Fact]
    public async Task A_probe_that_says_never_fails_the_start_at_once_and_leaves_nothing()
    {
        await using var h = await HarnessAsync();
        var spec = Spec(["sh", "-c", "echo inner engine failed >&2; exit 2"], ["sleep", "infinity"]);
        var e = await Assert.ThrowsAsync<SandboxStartException>(() => h.Backend.StartAsync(spec, Ids.New(10), Ct));
        Assert.Contains("will not become ready", e.Message);
        Assert.Contains("inner engine failed", e.Message);
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
    }

    [Fact]
    public async Task A_probe_that_never_passes_times_out_with_a_clear_error()
    {
        await using var h = await HarnessAsync();
        var spec = Spec(["false"], ["sleep", "infinity"], timeoutSeconds: 1.5);
        var e = await Assert.ThrowsAsync<SandboxStartException>(() => h.Backend.StartAsync(spec, Ids.New(10), Ct));
        Assert.Contains("was not ready after", e.Message);
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
    }

    [Fact]
    public async Task A_sandbox_whose_main_process_dies_while_starting_is_reported_and_removed()
    {
        await using var h = await HarnessAsync();
        var spec = Spec(["test", "-e", "/tmp/never"], ["sh", "-c", "exit 3"]);
        var e = await Assert.ThrowsAsync<SandboxStartException>(() => h.Backend.StartAsync(spec, Ids.New(10), Ct));
        Assert.Contains("probe-test", e.Message);
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
    }
}
