using System.Text;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

[Collection(EngineCollection.Name)]
public class WorkspaceLifecycleTests(DockerEngine engine)
{
    private const string Shell = "playground/shell:1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SandboxHarness> HarnessAsync(Action<SandboxOptions>? configure = null)
    {
        engine.RequireEngine();
        await engine.RequireImageAsync(Shell, Ct);
        return await new SandboxHarness(engine, configure).StartAsync(Ct);
    }

    private static async Task<SandboxExecResult> Sh(WorkspaceManager m, Workspace w, string script, string? user = null) =>
        await m.ExecAsync(w.Id, new SandboxExecRequest(["bash", "-c", script], user), Ct);

    [Fact]
    public async Task A_workspace_is_a_hardened_sandbox_that_runs_commands_and_is_removed_on_destroy()
    {
        await using var h = await HarnessAsync();
        var w = await h.Manager.CreateAsync("learner-a", "t/l", "shell", Ct);

        var who = await Sh(h.Manager, w, "id -un; hostname; pwd");
        Assert.Equal(0, who.ExitCode);
        Assert.Equal("learner\nplayground\n/home/learner\n", who.Stdout);

        // No network but loopback, no Docker socket, no capabilities for the learner.
        var isolation = await Sh(h.Manager, w, "ls /sys/class/net | tr '\\n' ' '; test -e /var/run/docker.sock && echo SOCKET; grep CapEff /proc/self/status");
        Assert.Equal("lo CapEff:\t0000000000000000\n", isolation.Stdout);

        // Same learner, same lesson: the same workspace (a reload lands in the same shell).
        var again = await h.Manager.CreateAsync("learner-a", "t/l", "shell", Ct);
        Assert.Equal(w.Id, again.Id);

        await h.Manager.EndAsync(w.Id, TerminationReason.Destroyed, Ct);
        var ended = await h.Manager.GetAsync(w.Id, Ct);
        Assert.Equal(TerminationReason.Destroyed, ended!.EndReason);
        Assert.Equal(SandboxRunState.Gone, (await h.Backend.GetStatusAsync(w.Sandboxes[0], Ct)).State);
        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => Sh(h.Manager, w, "true"));
    }

    [Fact]
    public async Task An_interactive_shell_echoes_through_a_tty()
    {
        await using var h = await HarnessAsync();
        var w = await h.Manager.CreateAsync("learner-tty", "t/l", "shell", Ct);
        await using var shell = await h.Manager.OpenShellAsync(w.Id, 100, 30, Ct);
        await shell.Stream.WriteAsync(Encoding.UTF8.GetBytes("echo $((6*7)); stty size\n"), Ct);
        var output = await ReadUntilAsync(shell.Stream, "30 100", TimeSpan.FromSeconds(10));
        Assert.Contains("42", output);
        Assert.Contains("30 100", output);
    }

    [Fact]
    public async Task Pids_limit_contains_a_fork_bomb_and_the_sandbox_survives()
    {
        await using var h = await HarnessAsync();
        var w = await h.Manager.CreateAsync("learner-pids", "t/l", "shell", Ct);
        var other = await h.Manager.CreateAsync("learner-pids-2", "t/l", "shell", Ct);

        var limit = await Sh(h.Manager, w, "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max");
        Assert.Equal("1000", limit.Stdout.Trim());

        // The sandbox's own sleepers (its pid 1, root's), which the learner's bomb cannot touch.
        const string LiveSleepers = "ps -e -o pid=,user=,stat=,comm= | awk '$4 == \"sleep\" && $3 !~ /^Z/'";
        var sleepersBefore = (await Sh(h.Manager, w, LiveSleepers)).Stdout;

        // A bounded fork bomb: far more sleepers than the limit allows; forks must start failing.
        // The sleepers live until killed, so the count does not depend on how fast the machine forks.
        // The bomb runs in a subshell (bash gives up when fork fails); the count (a glob) and the kill
        // (builtins reading /proc/<pid>/comm) fork nothing, since no fork succeeds while the sleepers live.
        var bomb = await Sh(h.Manager, w, """
            (for i in $(seq 1500); do sleep infinity >/dev/null 2>&1 & done) 2>/dev/null
            p=(/proc/[0-9]*); echo ${#p[@]}
            # A child caught between fork and exec is not yet called sleep: scan until a pass finds none.
            for ((round = 0; round < 50; round++)); do
              found=0
              for d in /proc/[0-9]*; do
                read -r c < "$d/comm" 2>/dev/null || continue
                [ "${d#/proc/}" != $$ ] && [ "${d#/proc/}" != 1 ] && { [ "$c" = sleep ] || [ "$c" = bash ]; } && { kill -9 "${d#/proc/}" 2>/dev/null; found=1; }
              done
              [ $found = 0 ] && break
            done
            true
            """);
        var processes = int.Parse(bomb.Stdout.Trim().Split('\n')[^1]);
        // Nearly the whole limit was taken (the rest are the sandbox's own tasks and bash's threads), never more.
        Assert.InRange(processes, 900, 1000);

        // The sleepers are gone and the sandbox, and its neighbour, answer again.
        Assert.Equal(sleepersBefore, (await Sh(h.Manager, w, LiveSleepers)).Stdout);
        Assert.Equal("ok\n", (await Sh(h.Manager, w, "echo ok")).Stdout);
        Assert.Equal("fine\n", (await Sh(h.Manager, other, "echo fine")).Stdout);
    }

    [Fact]
    public async Task A_cpu_hog_is_held_to_its_cpu_limit_and_others_stay_responsive()
    {
        await using var h = await HarnessAsync();
        var hog = await h.Manager.CreateAsync("learner-hog", "t/l", "shell", Ct);
        var other = await h.Manager.CreateAsync("learner-hog-2", "t/l", "shell", Ct);
        var quota = await Sh(h.Manager, hog, "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us 2>/dev/null || cat /sys/fs/cgroup/cpu.max");
        Assert.Equal(new[] { "100000", "100000" }, quota.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Three `yes` loops that run until killed compete for the hog's single CPU.
        await Sh(h.Manager, hog, "for i in 1 2 3; do yes >/dev/null 2>&1 & done; true");
        try
        {
            // The neighbour still answers while they run.
            for (var i = 0; i < 5; i++)
                Assert.Equal("ok\n", (await Sh(h.Manager, other, "echo ok")).Stdout);
            Assert.Equal("3", (await Sh(h.Manager, hog, "ps -C yes --no-headers | wc -l")).Stdout.Trim());

            // The kernel holds them to the quota, by the cgroup's own counters: over a window, the CPU time they
            // used (cpuacct.usage, ns) never exceeds one CPU's worth of the wall time (plus two 100 ms periods of
            // slack for the window's edges), and whenever they came near it the throttling counters (cpu.stat) grew.
            // The window ends once throttling is seen, or after 10 s: on a machine so loaded that the hog never gets
            // a whole CPU there is nothing to throttle, and the bound is what still holds.
            var window = await Sh(h.Manager, hog, """
                stat() { while read -r k v; do [ "$k" = "$1" ] && echo "$v"; done < /sys/fs/cgroup/cpu/cpu.stat; }
                t0=$(date +%s%N); u0=$(cat /sys/fs/cgroup/cpuacct/cpuacct.usage); n0=$(stat nr_throttled); p0=$(stat throttled_time)
                for i in $(seq 100); do sleep 0.1; [ "$(stat nr_throttled)" -gt "$n0" ] && break; done
                u1=$(cat /sys/fs/cgroup/cpuacct/cpuacct.usage); t1=$(date +%s%N); n1=$(stat nr_throttled); p1=$(stat throttled_time)
                echo $((t1 - t0)) $((u1 - u0)) $((n1 - n0)) $((p1 - p0))
                """);
            var f = window.Stdout.Split(' ', StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
            var (wallNs, usedNs, throttledPeriods, throttledNs) = (f[0], f[1], f[2], f[3]);
            var facts = $"window {wallNs / 1e6:F0} ms, used {usedNs / 1e6:F0} ms CPU, throttled {throttledPeriods} periods ({throttledNs / 1e6:F0} ms)";
            Assert.True(usedNs <= wallNs + 200_000_000, $"the hog used more than its one CPU: {facts}");
            Assert.True(throttledPeriods > 0 && throttledNs > 0 || usedNs < wallNs * 9 / 10, $"the hog came near its limit without being throttled: {facts}");
            Assert.Equal("3", (await Sh(h.Manager, hog, "ps -C yes --no-headers | wc -l")).Stdout.Trim());
        }
        finally
        {
            await Sh(h.Manager, hog, "pkill -x yes; true");
        }
        Assert.Equal("0", (await Sh(h.Manager, hog, "ps -C yes -o stat= | grep -vc '^Z'; true")).Stdout.Trim());
    }

    [Fact]
    public async Task Memory_limit_kills_a_memory_bomb_not_the_sandbox()
    {
        await using var h = await HarnessAsync();
        var w = await h.Manager.CreateAsync("learner-mem", "t/l", "shell", Ct);
        var limit = await Sh(h.Manager, w, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
        Assert.Equal((512L << 20).ToString(), limit.Stdout.Trim());

        // tail keeps a newline-free stream in memory: this grows until the OOM killer stops it.
        var bomb = await Sh(h.Manager, w, "head -c 2G /dev/zero | tail > /dev/null; echo exit=$?");
        Assert.Contains("exit=137", bomb.Stdout);
        Assert.Equal("alive\n", (await Sh(h.Manager, w, "echo alive")).Stdout);
    }

    [Fact]
    public async Task Idle_workspaces_are_reaped_with_reason_idle_after_a_warning()
    {
        await using var h = await HarnessAsync(o =>
        {
            // Generous margins: under a loaded CI machine a sweep can run a second or two late.
            o.IdleTimeout = TimeSpan.FromSeconds(8);
            o.WarningBefore = TimeSpan.FromSeconds(7);
        });
        var w = await h.Manager.CreateAsync("learner-idle", "t/l", "shell", Ct);
        var events = new List<WorkspaceEvent>();
        using var _ = h.Events.Subscribe(w.Id, e => { lock (events) events.Add(e); });

        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        await h.Manager.SweepAsync(Ct);
        var warning = Assert.IsType<WorkspaceWarning>(Assert.Single(events));
        Assert.Equal(w.Id, warning.Workspace.Id);

        await Task.Delay(TimeSpan.FromSeconds(7.5), Ct);
        await h.Manager.SweepAsync(Ct);
        var ended = Assert.IsType<WorkspaceEnded>(events[^1]);
        Assert.Equal(TerminationReason.Idle, ended.Reason);
        Assert.Equal(TerminationReason.Idle, (await h.Manager.GetAsync(w.Id, Ct))!.EndReason);
        Assert.Equal(SandboxRunState.Gone, (await h.Backend.GetStatusAsync(w.Sandboxes[0], Ct)).State);
    }

    [Fact]
    public async Task Activity_postpones_idle_reaping()
    {
        await using var h = await HarnessAsync(o => o.IdleTimeout = TimeSpan.FromSeconds(2));
        var w = await h.Manager.CreateAsync("learner-active", "t/l", "shell", Ct);
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(0.8), Ct);
            h.Manager.Touch(w.Id);
            await h.Manager.SweepAsync(Ct);
        }
        Assert.NotNull(h.Manager.GetLive(w.Id));
    }

    [Fact]
    public async Task Lifetime_ends_a_workspace_and_one_extension_is_allowed()
    {
        await using var h = await HarnessAsync(o =>
        {
            o.Lifetime = TimeSpan.FromSeconds(2);
            o.Extension = TimeSpan.FromSeconds(1);
        });
        var w = await h.Manager.CreateAsync("learner-life", "t/l", "shell", Ct);
        var extended = await h.Manager.ExtendAsync(w.Id, Ct);
        Assert.Equal(w.ExpiresAt + TimeSpan.FromSeconds(1), extended.ExpiresAt);
        await Assert.ThrowsAsync<ExtensionRefusedException>(() => h.Manager.ExtendAsync(w.Id, Ct));

        await Task.Delay(TimeSpan.FromSeconds(3.2), Ct);
        await h.Manager.SweepAsync(Ct);
        Assert.Equal(TerminationReason.Expired, (await h.Manager.GetAsync(w.Id, Ct))!.EndReason);
    }

    [Fact]
    public async Task Caps_give_a_clear_error_when_full()
    {
        await using var h = await HarnessAsync(o =>
        {
            o.MaxSandboxes = 2;
            o.MaxSandboxesPerLearner = 1;
        });
        await h.Manager.CreateAsync("learner-cap-1", "t/one", "shell", Ct);
        var perLearner = await Assert.ThrowsAsync<CapacityExceededException>(() => h.Manager.CreateAsync("learner-cap-1", "t/two", "shell", Ct));
        Assert.True(perLearner.PerLearner);
        Assert.Contains("limit is 1", perLearner.Message);

        await h.Manager.CreateAsync("learner-cap-2", "t/one", "shell", Ct);
        var full = await Assert.ThrowsAsync<CapacityExceededException>(() => h.Manager.CreateAsync("learner-cap-3", "t/one", "shell", Ct));
        Assert.False(full.PerLearner);
        Assert.Contains("at capacity", full.Message);
    }

    [Fact]
    public async Task Unknown_or_unbuilt_environment_is_refused_with_the_reason()
    {
        await using var h = await HarnessAsync();
        var unknown = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => h.Manager.CreateAsync("learner-env", "t/l", "nope", Ct));
        Assert.Contains("no environment named 'nope'", unknown.Message);
    }

    [Fact]
    public async Task A_killed_sandbox_ends_its_workspace_as_crashed()
    {
        await using var h = await HarnessAsync();
        var w = await h.Manager.CreateAsync("learner-crash", "t/l", "shell", Ct);
        await engine.KillSandboxAsync(w.Sandboxes[0].SandboxId, "KILL", Ct);
        await h.Manager.SweepAsync(Ct);
        Assert.Equal(TerminationReason.Crashed, (await h.Manager.GetAsync(w.Id, Ct))!.EndReason);
    }

    [Fact]
    public async Task A_restarted_server_adopts_live_sandboxes_and_removes_orphans()
    {
        var db = Path.Combine(Path.GetTempPath(), $"pg-adopt-{Guid.NewGuid():N}.db");
        engine.RequireEngine();
        await engine.RequireImageAsync(Shell, Ct);
        string workspaceId;
        SandboxHandle orphan;
        await using (var first = await new SandboxHarness(engine, databasePath: db).StartAsync(Ct))
        {
            var w = await first.Manager.CreateAsync("learner-adopt", "t/l", "shell", Ct);
            workspaceId = w.Id;
            // A sandbox no workspace owns: what a crash between start and record would leave.
            orphan = await first.Backend.StartAsync(first.Environments.Find("shell")!, Ids.New(10), Ct);
        }

        await using var second = new SandboxHarness(engine, databasePath: db);
        var report = await second.Manager.RecoverAsync(Ct);
        Assert.Equal(1, report.Adopted);
        Assert.True(report.OrphansRemoved >= 1);
        Assert.Equal(SandboxRunState.Gone, (await second.Backend.GetStatusAsync(orphan, Ct)).State);
        var adopted = second.Manager.GetLive(workspaceId);
        Assert.NotNull(adopted);
        Assert.Equal("still here\n", (await Sh(second.Manager, adopted!, "echo still here")).Stdout);
        await second.Manager.ShutdownAsync(Ct);
        Assert.Equal(TerminationReason.ServerShutdown, (await second.Manager.GetAsync(workspaceId, Ct))!.EndReason);
        Assert.Empty(await second.Backend.ListOwnedAsync(Ct));
    }

    [Fact]
    public async Task The_warm_pool_hands_out_a_ready_sandbox_and_refills()
    {
        await using var h = await HarnessAsync(o =>
        {
            o.PoolEnabled = true;
            o.Pool["shell"] = 1;
            o.Pool["docker"] = 0;
            o.Pool["k8s"] = 0;
        });
        await h.Pool.FillAsync(Ct);
        Assert.Equal(1, h.Pool.Count("shell"));
        var w = await h.Manager.CreateAsync("learner-pool", "t/l", "shell", Ct);
        Assert.Equal(0, h.Pool.Count("shell"));
        Assert.Equal("learner\n", (await Sh(h.Manager, w, "id -un")).Stdout);
        // The first shell was started with the pooled sandbox: its prompt is already waiting.
        await using (var shell = await h.Manager.OpenShellAsync(w.Id, 90, 20, Ct))
        {
            Assert.Contains("learner@playground", await ReadUntilAsync(shell.Stream, "$ ", TimeSpan.FromSeconds(5)));
            await shell.Stream.WriteAsync("stty size\n"u8.ToArray(), Ct);
            Assert.Contains("20 90", await ReadUntilAsync(shell.Stream, "20 90", TimeSpan.FromSeconds(5)));
        }
        await h.Pool.FillAsync(Ct);
        Assert.Equal(1, h.Pool.Count("shell"));
        await h.Manager.ShutdownAsync(Ct);
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
    }

    [Fact]
    public async Task Repeated_create_and_destroy_leaves_nothing_behind()
    {
        await using var h = await HarnessAsync();
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("PLAYGROUND_LEAK_CYCLES"), out var n) ? n : 60;
        await Parallel.ForEachAsync(Enumerable.Range(0, cycles), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (i, ct) =>
        {
            var w = await h.Manager.CreateAsync($"learner-leak-{i}", "t/l", "shell", ct);
            await h.Manager.EndAsync(w.Id, TerminationReason.Destroyed, ct);
        });
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
        var (_, volumes, networks) = await engine.CountAsync(engine.InstanceId, Ct);
        Assert.Equal(0, volumes);
        Assert.Equal(0, networks);
    }

    internal static async Task<string> ReadUntilAsync(Stream stream, string expected, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (!text.ToString().Contains(expected))
            {
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
        }
        return text.ToString();
    }
}

[Collection(EngineCollection.Name)]
public class DockerEnvironmentTests(DockerEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_docker_environment_runs_an_inner_engine_with_preloaded_images_and_no_network()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync("playground/docker:1", Ct);
        await using var h = await new SandboxHarness(engine).StartAsync(Ct);
        var w = await h.Manager.CreateAsync("learner-dind", "t/l", "docker", Ct);
        async Task<SandboxExecResult> Sh(string script) => await h.Manager.ExecAsync(w.Id, new SandboxExecRequest(["bash", "-c", script]), Ct);

        Assert.Equal(0, (await Sh("docker ps")).ExitCode);
        var hello = await Sh("docker run --rm playground/hello");
        Assert.Equal(0, hello.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(hello.Stdout));
        var web = await Sh("docker run -d --name web -p 8080:80 playground/web >/dev/null && for i in $(seq 50); do curl -fsS localhost:8080 && break; sleep 0.1; done");
        Assert.Contains("Hello from Playground", web.Stdout);
        var build = await Sh("mkdir -p /tmp/b && printf 'FROM busybox\\nCMD [\"echo\",\"built\"]\\n' > /tmp/b/Dockerfile && docker build -q -t mine /tmp/b >/dev/null && docker run --rm mine");
        Assert.Equal("built\n", build.Stdout);
        // The docker CLI talks to the sandbox's own engine, never the host's: the host engine would
        // list this very sandbox (and the other test containers), the inner one lists only its own.
        var names = (await Sh("docker ps -a --format '{{.Names}}'")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "web" }, names);

        var container = await engine.InspectSandboxAsync(w.Sandboxes[0].SandboxId, Ct);
        Assert.Equal("none", container.HostConfig!.NetworkMode);
        Assert.DoesNotContain("ALL", container.HostConfig.CapAdd ?? []);
        Assert.False(container.HostConfig.Privileged);
    }

    /// <summary>
    /// The docker lessons' operations, inside a docker sandbox on the sandbox engine's boundary (user namespace,
    /// Docker's default seccomp plus the nested-engine additions, delegated cgroups).
    /// </summary>
    [Fact]
    public async Task Lesson_operations_work_inside_the_docker_sandbox_on_the_user_namespace_boundary()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync("playground/docker:1", Ct);
        await using var h = await new SandboxHarness(engine).StartAsync(Ct);
        var w = await h.Manager.CreateAsync("learner-dind-ops", "t/ops", "docker", Ct);
        async Task<string> Ok(string script)
        {
            var r = await h.Manager.ExecAsync(w.Id, new SandboxExecRequest(["bash", "-c", script]), Ct);
            Assert.True(r.ExitCode == 0, $"`{script}` exited {r.ExitCode}: {r.Stdout}{r.Stderr}");
            return r.Stdout;
        }

        Assert.Equal("0 100000 65536", string.Join(' ', (await Ok("cat /proc/self/uid_map")).Split(' ', '\t', '\n').Where(x => x.Length > 0)));
        Assert.Contains("Server Version", await Ok("docker info"));
        Assert.Equal("hi\n", await Ok("docker run --rm busybox echo hi"));
        Assert.Equal("67108864\n", await Ok("docker run --rm -m 64m busybox cat /sys/fs/cgroup/memory/memory.limit_in_bytes"));
        Assert.Contains("reached", await Ok(
            "docker network create lessons-net >/dev/null && docker run -d --name srv --network lessons-net playground/web >/dev/null && " +
            "for i in $(seq 50); do docker run --rm --network lessons-net busybox wget -qO- http://srv/ >/dev/null 2>&1 && echo reached && break; sleep 0.2; done; " +
            "docker rm -f srv >/dev/null; docker network rm lessons-net >/dev/null"));
        Assert.Equal("shared\n", await Ok(
            "docker volume create lessons-vol >/dev/null && docker run --rm -v lessons-vol:/data busybox sh -c 'echo shared > /data/f' && " +
            "docker run --rm -v lessons-vol:/data busybox cat /data/f; docker volume rm lessons-vol >/dev/null"));
        await Ok("docker swarm init --advertise-addr 192.0.2.10 >/dev/null");
        await Ok("docker service create -d --name dns --replicas 2 --endpoint-mode dnsrr busybox sleep 3600 >/dev/null");
        Assert.Equal("2", (await Ok(
            "for i in $(seq 120); do n=$(docker service ps dns --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running'); " +
            "[ \"$n\" = 2 ] && break; sleep 0.5; done; echo $n")).Trim());
        Assert.Contains("Hello from Playground", await Ok(
            "docker service create -d --name hostweb --publish mode=host,target=80,published=8081 playground/web >/dev/null && " +
            "for i in $(seq 120); do curl -fsS localhost:8081 && break; sleep 0.5; done"));
        await Ok("docker swarm leave --force >/dev/null");
        await h.Manager.EndAsync(w.Id, TerminationReason.Destroyed, Ct);
    }

    /// <summary>
    /// The sandbox engine's runtime (playground-runc) delegates the sandbox's own cgroup directories at every
    /// container create, so a restarted sandbox can still start inner containers; the limit files stay the host's.
    /// </summary>
    [Fact]
    public async Task Inner_containers_still_start_after_the_docker_sandbox_is_restarted_and_its_limit_files_stay_the_hosts()
    {
        engine.RequireEngine();
        await engine.RequireImageAsync("playground/docker:1", Ct);
        await using var h = await new SandboxHarness(engine).StartAsync(Ct);
        var w = await h.Manager.CreateAsync("learner-dind-restart", "t/restart", "docker", Ct);
        async Task<SandboxExecResult> Sh(string script) => await h.Manager.ExecAsync(w.Id, new SandboxExecRequest(["bash", "-c", script]), Ct);

        var id = (await engine.FindSandboxAsync(w.Sandboxes[0].SandboxId, Ct)).ID;
        await engine.Client.Containers.StopContainerAsync(id, new global::Docker.DotNet.Models.ContainerStopParameters { WaitBeforeKillSeconds = 5 }, Ct);
        await engine.Client.Containers.StartContainerAsync(id, new global::Docker.DotNet.Models.ContainerStartParameters(), Ct);
        var ready = await Sh("for i in $(seq 600); do playground-dind-ready 2>/dev/null && exit 0; sleep 0.1; done; cat /run/playground/startup.log; exit 1");
        Assert.True(ready.ExitCode == 0, ready.Stdout + ready.Stderr);

        var owners = await Sh("stat -c '%u %n' /sys/fs/cgroup/memory /sys/fs/cgroup/memory/cgroup.procs /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max");
        Assert.Equal(
            "0 /sys/fs/cgroup/memory\n0 /sys/fs/cgroup/memory/cgroup.procs\n65534 /sys/fs/cgroup/memory/memory.limit_in_bytes\n65534 /sys/fs/cgroup/pids/pids.max\n",
            owners.Stdout);
        var hi = await Sh("docker run --rm busybox echo hi");
        Assert.True(hi.Stdout == "hi\n", hi.Stdout + hi.Stderr);
        await h.Manager.EndAsync(w.Id, TerminationReason.Destroyed, Ct);
    }
}
