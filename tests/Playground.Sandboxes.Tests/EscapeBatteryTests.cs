using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Docker;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

/// <summary>
/// One real sandbox per available environment, created by Playground's own backend on the sandbox engine,
/// shared by the escape battery (starting a docker sandbox costs seconds on a loaded machine).
/// </summary>
public sealed class EscapeBatterySandboxes(DockerEngine engine) : IAsyncLifetime
{
    public static readonly string[] Environments = ["shell", "docker"];
    private SandboxHarness? _harness;
    private readonly Dictionary<string, Workspace> _workspaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _skips = new(StringComparer.Ordinal);

    public DockerEngine Engine => engine;
    public SandboxHarness Harness => _harness ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        if (!engine.IsAvailable) return;
        _harness = await new SandboxHarness(engine).StartAsync(CancellationToken.None);
        foreach (var env in Environments)
        {
            var spec = _harness.Environments.Find(env);
            if (spec is null || !await engine.HasImageAsync(spec.Image))
            {
                _skips[env] = $"image of '{env}' is not in the sandbox engine; run sandbox-images/build.sh";
                continue;
            }
            _workspaces[env] = await _harness.Manager.CreateAsync($"learner-escape-{env}", "security/escape", env, CancellationToken.None);
        }
    }

    /// <summary>The workspace of the environment; skips the test (with why) when it could not start here.</summary>
    public Workspace Require(string env)
    {
        engine.RequireEngine();
        if (_skips.TryGetValue(env, out var why)) Assert.Skip(why);
        return _workspaces[env];
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is null) return;
        foreach (var w in _workspaces.Values)
            await _harness.Manager.EndAsync(w.Id, TerminationReason.Destroyed, CancellationToken.None);
        await _harness.DisposeAsync();
    }
}

/// <summary>
/// The escape battery (issue 10): every attack runs as the sandbox's root, in a real sandbox of every available
/// environment ("shell" runs as root through an exec with user root) and, for "docker", also from an inner
/// container started with every capability the sandbox holds and seccomp/AppArmor unconfined ("docker-inner").
/// Each must be refused. An attack only ever writes the value the host already has, and the host's value is
/// checked afterwards, so a failing test changes nothing. An attack that gets through prints ESCAPED.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class EscapeBatteryTests(EscapeBatterySandboxes sandboxes) : IClassFixture<EscapeBatterySandboxes>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Where => new() { "shell", "docker", "docker-inner" };

    /// <summary>Every capability the docker sandbox holds, as docker run flags for the inner container.</summary>
    private string InnerCapabilityFlags()
    {
        var spec = sandboxes.Harness.Environments.Find("docker")!;
        return string.Join(' ', spec.Capabilities.Select(c => "--cap-add " + c.Name));
    }

    /// <summary>Runs a POSIX sh script as root where asked; returns stdout and stderr together.</summary>
    private async Task<string> AttackAsync(string where, string script)
    {
        var env = where == "docker-inner" ? "docker" : where;
        var w = sandboxes.Require(env);
        var m = sandboxes.Harness.Manager;
        SandboxExecResult result;
        if (where == "docker-inner")
        {
            var file = $"/var/tmp/pg-attack-{Guid.NewGuid():N}.sh";
            var write = await m.ExecAsync(w.Id, new SandboxExecRequest(["sh", "-c", $"mkdir -p /var/tmp && cat > {file} <<'PLAYGROUND_EOF'\n{script}\nPLAYGROUND_EOF"], "root"), Ct);
            Assert.Equal(0, write.ExitCode);
            result = await m.ExecAsync(w.Id, new SandboxExecRequest(["sh", "-c",
                $"docker run --rm {InnerCapabilityFlags()} --security-opt seccomp=unconfined --security-opt apparmor=unconfined " +
                $"-v {file}:/attack.sh:ro busybox sh /attack.sh; echo inner-exit=$?; rm -f {file}"], "root"), Ct);
            // The inner container must really have run (busybox started, script finished): otherwise nothing was proven.
            Assert.Contains("attack-done", result.Stdout + result.Stderr);
        }
        else
        {
            result = await m.ExecAsync(w.Id, new SandboxExecRequest(["sh", "-c", script], "root"), Ct);
            Assert.Contains("attack-done", result.Stdout + result.Stderr);
        }
        return result.Stdout + result.Stderr;
    }

    private static void Refused(string output) => Assert.DoesNotContain("ESCAPED", output);

    private const string Scratch = "d=/var/tmp/pg-escape; mkdir -p $d; ";

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_grant_itself_block_devices_through_devices_allow(string where)
    {
        var output = await AttackAsync(where, """
            for f in /sys/fs/cgroup/devices/devices.allow /sys/fs/cgroup/devices.allow; do
              [ -e "$f" ] || continue
              mount -o remount,bind,rw "${f%/*}" 2>/dev/null
              if echo 'b *:* rwm' > "$f"; then echo "ESCAPED $f"; fi
            done
            echo attack-done
            """);
        Refused(output);
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_read_the_hosts_root_block_device_through_mknod(string where)
    {
        var (major, minor) = HostRootDevice();
        var output = await AttackAsync(where, Scratch + $$"""
            rm -f $d/hd
            mknod $d/hd b {{major}} {{minor}} && echo made-node
            n=$(head -c 512 $d/hd 2>/dev/null | wc -c)
            [ "$n" -gt 0 ] && echo "ESCAPED read $n bytes of the host disk"
            mkdir -p $d/m && mount -o ro $d/hd $d/m 2>/dev/null && { echo "ESCAPED mounted the host disk"; umount $d/m; }
            rm -rf $d/hd $d/m
            echo attack-done
            """);
        Refused(output);
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_write_core_pattern_through_a_remounted_proc_sys(string where)
    {
        var before = await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern", Ct);
        var output = await AttackAsync(where, """
            mount -o remount,rw /proc/sys 2>/dev/null; mount -o remount,bind,rw /proc/sys 2>/dev/null
            v=$(cat /proc/sys/kernel/core_pattern)
            if printf '%s\n' "$v" > /proc/sys/kernel/core_pattern; then echo ESCAPED; fi
            echo attack-done
            """);
        Refused(output);
        Assert.Equal(before, await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern", Ct));
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_write_core_pattern_or_sysrq_through_a_fresh_procfs(string where)
    {
        var before = await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern", Ct);
        var output = await AttackAsync(where, Scratch + """
            mkdir -p $d/proc
            if mount -t proc proc $d/proc; then
              v=$(cat $d/proc/sys/kernel/core_pattern)
              if printf '%s\n' "$v" > $d/proc/sys/kernel/core_pattern; then echo "ESCAPED core_pattern"; fi
              # Opening for write triggers nothing by itself (no byte is written).
              # (in a subshell: a failed redirection of the special builtin `:` would end the script)
              if ( : > $d/proc/sysrq-trigger ); then echo "ESCAPED sysrq-trigger"; fi
              umount $d/proc
            fi
            if ( : > /proc/sysrq-trigger ); then echo "ESCAPED /proc/sysrq-trigger"; fi
            echo attack-done
            """);
        Refused(output);
        Assert.Equal(before, await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern", Ct));
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_mount_a_new_cgroup_v1_hierarchy_to_reach_release_agent(string where)
    {
        var output = await AttackAsync(where, Scratch + """
            mkdir -p $d/cg
            if mount -t cgroup -o none,name=pgescape cgroup $d/cg; then
              echo "ESCAPED mounted a new cgroup hierarchy"
              [ -e $d/cg/release_agent ] && echo "ESCAPED release_agent reachable"
              umount $d/cg
            fi
            for f in /sys/fs/cgroup/*/release_agent; do
              [ -e "$f" ] || continue
              v=$(cat "$f"); printf '%s\n' "$v" > "$f" && echo "ESCAPED $f"
            done
            echo attack-done
            """);
        Refused(output);
    }

    private static readonly string[] GlobalSysctls = ["kernel/panic", "vm/swappiness", "vm/overcommit_memory", "kernel/core_uses_pid"];

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_change_host_sysctls(string where)
    {
        var before = await Task.WhenAll(GlobalSysctls.Select(k => File.ReadAllTextAsync("/proc/sys/" + k, Ct)));
        var output = await AttackAsync(where, $$"""
            mount -o remount,rw /proc/sys 2>/dev/null; mount -o remount,bind,rw /proc/sys 2>/dev/null
            for k in {{string.Join(' ', GlobalSysctls)}}; do
              v=$(cat /proc/sys/$k)
              if printf '%s\n' "$v" > /proc/sys/$k; then echo "ESCAPED $k"; fi
            done
            echo attack-done
            """);
        Refused(output);
        var after = await Task.WhenAll(GlobalSysctls.Select(k => File.ReadAllTextAsync("/proc/sys/" + k, Ct)));
        Assert.Equal(before, after);
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_load_a_kernel_module(string where)
    {
        // A junk module: were loading permitted, the kernel would answer "Exec format error" (ENOEXEC) instead
        // of "Operation not permitted" (seccomp or no CAP_SYS_MODULE), and nothing would be loaded either way.
        var output = await AttackAsync(where, Scratch + """
            printf 'not a module' > $d/pg.ko
            if command -v perl >/dev/null; then
              perl -e 'open(my $f, "<", $ARGV[0]) or die; my $params = ""; my $r = syscall(313, fileno($f), $params, 0); print $r == 0 ? "ESCAPED loaded\n" : "finit_module: $!\n"' $d/pg.ko
            else
              insmod $d/pg.ko 2>&1 | sed 's/^/insmod: /'
            fi
            rm -f $d/pg.ko
            echo attack-done
            """);
        Refused(output);
        Assert.Contains("not permitted", output);
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_raise_its_own_memory_or_pids_limit(string where)
    {
        // Directly through /sys/fs/cgroup (in an inner container those files are the INNER container's own,
        // which the inner engine manages by design, nested under the sandbox's: only the sandbox's count there),
        // and through a freshly mounted memory/pids hierarchy, whose root is the sandbox's own cgroup.
        var own = where == "docker-inner" ? "inner-own" : "ESCAPED";
        var output = await AttackAsync(where, Scratch + $$"""
            for f in memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes pids/pids.max cpu/cpu.cfs_quota_us cpu,cpuacct/cpu.cfs_quota_us; do
              p=/sys/fs/cgroup/$f
              [ -e "$p" ] || continue
              mount -o remount,bind,rw "${p%/*}" 2>/dev/null
              v=$(cat "$p")
              if printf '%s\n' "$v" > "$p"; then echo "{{own}} $f"; fi
            done
            for c in memory pids; do
              mkdir -p $d/$c
              mount -t cgroup -o $c cgroup $d/$c 2>/dev/null || continue
              for f in memory.limit_in_bytes pids.max; do
                [ -e $d/$c/$f ] || continue
                v=$(cat $d/$c/$f); printf '%s\n' "$v" > $d/$c/$f && echo "ESCAPED fresh $c/$f"
              done
              umount $d/$c
            done
            echo attack-done
            """);
        Refused(output);
        // And from the host: the sandbox's own cgroup still has the limit the spec declares.
        var env = where == "docker-inner" ? "docker" : where;
        var w = sandboxes.Require(env);
        var spec = sandboxes.Harness.Environments.Find(env)!;
        var containerId = (await sandboxes.Engine.FindSandboxAsync(w.Sandboxes[0].SandboxId, Ct)).ID;
        var limit = $"/sys/fs/cgroup/memory/playground-sandboxes/{containerId}/memory.limit_in_bytes";
        // engine.sh's engine uses the cgroup parent /playground-sandboxes; an operator's own engine may not.
        if (SandboxEngine.HostFromEnvironment() == SandboxEngine.DefaultHost)
            Assert.True(File.Exists(limit), $"{limit} does not exist");
        if (File.Exists(limit))
            Assert.Equal(spec.Limits.MemoryBytes, long.Parse((await File.ReadAllTextAsync(limit, Ct)).Trim()));
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_reaches_no_host_Docker_engine(string where)
    {
        var main = HostCommand("docker", "info -f {{.ID}}");
        var sandboxEngine = HostCommand("docker", $"-H {SandboxEngine.HostFromEnvironment()} info -f {{{{.ID}}}}");
        var output = await AttackAsync(where, """
            grep -E 'docker.sock|sandboxes.sock|containerd.sock' /proc/self/mountinfo && echo "ESCAPED an engine socket is mounted"
            for s in /var/run/docker.sock /run/docker.sock /run/playground/sandboxes.sock /run/containerd/containerd.sock; do
              [ -S "$s" ] || continue
              if command -v curl >/dev/null; then echo "engine-at $s: $(curl -s --max-time 5 --unix-socket $s http://docker/info | grep -o '"ID":"[^"]*"')"; fi
            done
            echo attack-done
            """);
        Refused(output);
        if (!string.IsNullOrEmpty(main)) Assert.DoesNotContain(main, output);
        if (!string.IsNullOrEmpty(sandboxEngine)) Assert.DoesNotContain(sandboxEngine, output);
    }

    [Theory]
    [MemberData(nameof(Where))]
    public async Task Root_in_the_sandbox_cannot_reach_a_port_on_the_host(string where)
    {
        // Stands in for the Playground server: a port listening on every host address.
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var output = await AttackAsync(where, $$"""
            for a in 127.0.0.1 172.17.0.1 198.18.213.1; do
              if command -v curl >/dev/null; then curl -s --max-time 3 -o /dev/null http://$a:{{port}}/ && echo "ESCAPED $a:{{port}}"
              else wget -q -T 3 -O /dev/null http://$a:{{port}}/ 2>/dev/null && echo "ESCAPED $a:{{port}}"; fi
            done
            echo attack-done
            """);
        Refused(output);
        Assert.False(listener.Pending(), "a connection from the sandbox reached the host's port");
    }

    [Fact]
    public async Task A_sandbox_sees_neither_the_files_nor_the_processes_of_another_sandbox()
    {
        var shell = sandboxes.Require("shell");
        var docker = sandboxes.Require("docker");
        var m = sandboxes.Harness.Manager;
        var marker = "pg-marker-" + Guid.NewGuid().ToString("N")[..10];
        foreach (var (from, other) in new[] { (docker, shell), (shell, docker) })
        {
            await m.ExecAsync(other.Id, new SandboxExecRequest(["sh", "-c", $"echo secret > /tmp/{marker}-{other.Environment}; sleep 300 >/dev/null 2>&1 &"], "root"), Ct);
            var probe = await m.ExecAsync(from.Id, new SandboxExecRequest(["sh", "-c",
                $"ls /proc/*/root/tmp/{marker}-{other.Environment} 2>/dev/null && echo ESCAPED-file; " +
                $"find / -xdev -name '{marker}-{other.Environment}' 2>/dev/null | grep -q . && echo ESCAPED-found; " +
                "ip route 2>/dev/null | grep -q '^default' && echo ESCAPED-route; echo attack-done"], "root"), Ct);
            Assert.Contains("attack-done", probe.Stdout);
            Assert.DoesNotContain("ESCAPED", probe.Stdout);
        }
    }

    [Fact]
    public async Task The_sandbox_root_is_an_unprivileged_host_uid()
    {
        foreach (var env in EscapeBatterySandboxes.Environments)
        {
            var w = sandboxes.Require(env);
            var map = await sandboxes.Harness.Manager.ExecAsync(w.Id, new SandboxExecRequest(["cat", "/proc/self/uid_map"], "root"), Ct);
            var fields = map.Stdout.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            Assert.True(fields.Length >= 3 && fields[0] == "0" && fields[1] != "0", $"{env}: uid_map is '{map.Stdout.Trim()}'");
        }
    }

    private static (int Major, int Minor) HostRootDevice()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var f = line.Split(' ');
            if (f.Length > 4 && f[4] == "/" && f[2].Split(':') is [var ma, var mi] && ma != "0")
                return (int.Parse(ma), int.Parse(mi));
        }
        var first = File.ReadLines("/proc/partitions").Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First(f => f.Length == 4);
        return (int.Parse(first[0]), int.Parse(first[1]));
    }

    private static string HostCommand(string file, string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(30_000);
            return p.ExitCode == 0 ? output : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
