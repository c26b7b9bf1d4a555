using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

/// <summary>What the server refuses before a sandbox starts: too much declared memory, host-root-equivalent specs.</summary>
[Collection(EngineCollection.Name)]
public class AdmissionTests(DockerEngine engine)
{
    private const string Shell = "playground/shell:1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long HostMemoryBytes() =>
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    [Fact]
    public async Task A_sandbox_whose_declared_memory_would_exceed_the_share_of_host_memory_is_refused_with_a_clear_message()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync(Shell, Ct);
        // Room for one shell sandbox (512 MiB declared) and a half: the second must be refused.
        var share = 1.5 * 512 * 1024 * 1024 / HostMemoryBytes();
        await using var h = await new SandboxHarness(engine, o => o.MaxMemoryShare = share).StartAsync(Ct);
        var first = await h.Manager.CreateAsync("learner-mem-1", "t/a", "shell", Ct);

        var refused = await Assert.ThrowsAsync<CapacityExceededException>(() => h.Manager.CreateAsync("learner-mem-2", "t/a", "shell", Ct));
        Assert.False(refused.PerLearner);
        Assert.Contains("at capacity", refused.Message);
        Assert.Contains("memory", refused.Message);
        Assert.Single(await h.Backend.ListOwnedAsync(Ct));

        // Nothing was lost: once the first ends, the same learner gets in.
        await h.Manager.EndAsync(first.Id, TerminationReason.Destroyed, Ct);
        var second = await h.Manager.CreateAsync("learner-mem-2", "t/a", "shell", Ct);
        await h.Manager.EndAsync(second.Id, TerminationReason.Destroyed, Ct);
    }

    [Fact]
    public async Task An_unconfined_environment_is_refused_unless_the_operator_allows_it()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync(Shell, Ct);
        var root = Path.Combine(Path.GetTempPath(), $"pg-envs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "rooty"));
        await File.WriteAllTextAsync(Path.Combine(root, "rooty", "environment.yaml"),
            $"name: rooty\nimage: {Shell}\nseccomp: unconfined\ncapabilities:\n  - {{name: SYS_ADMIN, why: test}}\n", Ct);
        try
        {
            await using (var h = await new SandboxHarness(engine, o => o.ImagesRoot = root).StartAsync(Ct))
            {
                var availability = await h.Environments.GetAvailabilityAsync("rooty", Ct);
                Assert.False(availability.Available);
                Assert.Contains("equivalent to root on this server", availability.Reason);
                Assert.Contains("AllowUnconfinedEnvironments=true", availability.InstallHint);
                var refused = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => h.Manager.CreateAsync("learner-rooty", "t/a", "rooty", Ct));
                Assert.Equal(availability.InstallHint, refused.Hint);
                // Every path to a container is closed, not only the page: the backend refuses too.
                await Assert.ThrowsAsync<SandboxStartException>(() => h.Backend.StartAsync(h.Environments.Find("rooty")!, "abcdefghij", Ct));
                Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
            }
            await using (var allowed = await new SandboxHarness(engine, o => { o.ImagesRoot = root; o.AllowUnconfinedEnvironments = true; }).StartAsync(Ct))
            {
                Assert.True((await allowed.Environments.GetAvailabilityAsync("rooty", Ct)).Available);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_docker_environment_is_confined_by_Dockers_default_seccomp_profile_plus_the_nested_engine_rules()
    {
        var spec = Environments.EnvironmentSpecLoader.LoadFile(Path.Combine(RepoPaths.SandboxImages, "docker", "environment.yaml"));
        Assert.False(spec.SeccompUnconfined);
        Assert.NotNull(spec.SeccompAdditionsFile);
        var defaultProfile = Environments.SeccompProfiles.FindDefault(null);
        if (defaultProfile is null) Assert.Skip("Docker's default seccomp profile is not installed; run src/scripts/engine.sh");
        var composed = System.Text.Json.Nodes.JsonNode.Parse(Environments.SeccompProfiles.Compose(defaultProfile, spec.SeccompAdditionsFile!))!;
        Assert.Equal("SCMP_ACT_ERRNO", (string?)composed["defaultAction"]);
        var rules = composed["syscalls"]!.AsArray();
        var allowed = rules.SelectMany(r => r!["names"]!.AsArray().Select(n => (string)n!)).ToHashSet();
        Assert.Superset(new HashSet<string> { "keyctl", "add_key", "request_key", "pivot_root", "read", "mount" }, allowed);
        // Still blocked by Docker's default for this sandbox (allowed there only with capabilities it lacks,
        // e.g. CAP_SYS_MODULE, CAP_DAC_READ_SEARCH, CAP_SYS_BOOT): kernel modules, kexec, open_by_handle_at, reboot.
        var unconditional = rules.Where(r => r!["includes"]?["caps"] is null && (string?)r["action"] == "SCMP_ACT_ALLOW")
            .SelectMany(r => r!["names"]!.AsArray().Select(n => (string)n!)).ToHashSet();
        foreach (var blocked in new[] { "init_module", "finit_module", "kexec_load", "open_by_handle_at", "reboot" })
            Assert.DoesNotContain(blocked, unconditional);
        Assert.DoesNotContain(spec.Capabilities, c => c.Name is "SYS_MODULE" or "DAC_READ_SEARCH" or "SYS_BOOT" or "SYS_RAWIO" or "SYS_PTRACE");
        var request = ContainerRequestFactory.Create(spec with { SeccompProfile = composed.ToJsonString() }, new Dictionary<string, string>(), null);
        Assert.Single(request.HostConfig!.SecurityOpt!, o => o.StartsWith("seccomp={", StringComparison.Ordinal));
        Assert.DoesNotContain("seccomp=unconfined", request.HostConfig.SecurityOpt!);
    }
}
