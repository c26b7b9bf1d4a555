using Docker.DotNet.Models;
using Playground.Sandboxes.Docker;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;
using Playground.Testing;

namespace Playground.Sandboxes.Tests;

/// <summary>
/// The k8s environment: its spec and readiness logic are tested everywhere; a real cluster only
/// where the k3s image could be obtained (there is no registry on the CI machines).
/// </summary>
[Collection(EngineCollection.Name)]
public class K8sEnvironmentTests(DockerEngine engine)
{
    private const string K8sImage = "playground/k8s:1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static EnvironmentSpec Spec => EnvironmentSpecLoader.LoadFile(Path.Combine(RepoPaths.SandboxImages, "k8s", "environment.yaml"));

    [Fact]
    public void The_spec_runs_k3s_without_privileged_and_names_the_node_per_sandbox()
    {
        var spec = Spec;
        var request = ContainerRequestFactory.Create(spec, SandboxLabels.For("i", "k8s", "abc234"), null);
        var host = request.HostConfig!;
        Assert.False(host.Privileged);
        Assert.Equal("private", host.CgroupnsMode);
        Assert.Contains("seccomp=unconfined", host.SecurityOpt!);
        Assert.Contains("/run", host.Tmpfs!.Keys);
        Assert.Contains("/var/run", host.Tmpfs.Keys);
        Assert.Contains(host.Mounts!, m => m.Target == "/var/lib/rancher/k3s" && m.Type == "volume");
        Assert.Contains("PLAYGROUND_NODE_NAME=node-abc234", request.Env!);
        Assert.DoesNotContain("SYS_MODULE", host.CapAdd!);
        Assert.True(spec.Limits.MemoryBytes <= 2L << 30 && spec.Limits.Pids > 0);
        Assert.Contains("playground-k8s-ready", spec.Ready.Command);
        Assert.False(string.IsNullOrWhiteSpace(spec.UnavailableHint));
    }

    public static TheoryData<string, string, int> ReadinessCases => new()
    {
        { "no kubeconfig yet", "rm -f /tmp/kubeconfig", 1 },
        { "API server not ready", "echo fail > /tmp/state/readyz", 1 },
        { "node not Ready", "echo False > /tmp/state/node", 1 },
        { "node of another name", "echo other > /tmp/state/nodename", 1 },
        { "CoreDNS not running", "echo false > /tmp/state/dns", 1 },
        { "everything ready", "true", 0 },
    };

    /// <summary>
    /// Runs the real readiness script against a stand-in kubectl that answers like a cluster in
    /// each state, inside a sandbox image (the script is POSIX sh, as in the k3s image).
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadinessCases))]
    public async Task Readiness_requires_api_node_and_coredns(string state, string arrange, int expectedExit)
    {
        engine.RequireEngine();
        await engine.RequireImageAsync("playground/shell:1", Ct);
        var script = await File.ReadAllTextAsync(Path.Combine(RepoPaths.SandboxImages, "k8s", "playground-k8s-ready"), Ct);
        const string kubectl = """
            #!/bin/sh
            s=/tmp/state
            case "$*" in
              "get --raw /readyz") [ "$(cat $s/readyz)" = ok ] && echo ok || exit 1 ;;
              get\ node\ *) [ "$3" = "$(cat $s/nodename)" ] || exit 1; printf %s "$(cat $s/node)" ;;
              *kube-dns*) printf '%s\n' "$(cat $s/dns)" ;;
              *) exit 2 ;;
            esac
            """;
        var id = await engine.StartContainerAsync(new CreateContainerParameters
        {
            Image = "playground/shell:1",
            Cmd = ["sleep", "infinity"],
            Env = ["PLAYGROUND_NODE_NAME=node-x", "KUBECONFIG=/tmp/kubeconfig"],
        }, Ct);
        var setup = $"""
            mkdir -p /tmp/bin /tmp/state && cat > /tmp/bin/kubectl <<'EOF'
            {kubectl}
            EOF
            cat > /tmp/bin/ready <<'EOF'
            {script}
            EOF
            chmod +x /tmp/bin/*; touch /tmp/kubeconfig
            echo ok > /tmp/state/readyz; echo True > /tmp/state/node; echo node-x > /tmp/state/nodename; echo true > /tmp/state/dns
            {arrange}
            PATH=/tmp/bin:$PATH sh /tmp/bin/ready; echo "exit=$?"
            """;
        var result = await engine.RunAsync(id, ["bash", "-c", setup], ct: Ct);
        Assert.True(result.Stdout.Contains($"exit={expectedExit}"), $"{state}: {result.Stdout}{result.Stderr}");
    }

    [Fact]
    public async Task Without_the_image_the_environment_is_unavailable_with_install_instructions()
    {
        engine.RequireEngine();
        if (await engine.HasImageAsync(K8sImage, Ct))
            Assert.Skip($"{K8sImage} is built here, so the unavailable path cannot be observed");
        await using var h = await new SandboxHarness(engine).StartAsync(Ct);
        var availability = await h.Environments.GetAvailabilityAsync("k8s", Ct);
        Assert.False(availability.Available);
        Assert.Contains(K8sImage, availability.Reason);
        Assert.Contains("rancher/k3s", availability.InstallHint);
        var refused = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => h.Manager.CreateAsync("learner-k8s", "kubernetes/pods", "k8s", Ct));
        Assert.Contains("not available", refused.Message);
        Assert.Equal(availability.InstallHint, refused.Hint);
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
    }

    [Fact]
    public async Task A_cluster_becomes_ready_and_runs_a_deployment()
    {
        engine.RequireEngine();
        if (!await engine.HasImageAsync(K8sImage, Ct))
            Assert.Skip($"{K8sImage} is not built: rancher/k3s cannot be pulled on this machine (see sandbox-images/k8s/README.md)");
        await using var h = await new SandboxHarness(engine).StartAsync(Ct);
        var w = await h.Manager.CreateAsync("learner-k8s", "kubernetes/pods", "k8s", Ct);
        async Task<SandboxExecResult> Sh(string script) => await h.Manager.ExecAsync(w.Id, new SandboxExecRequest(["bash", "-c", script]), Ct);
        Assert.Contains(" Ready", (await Sh("kubectl get nodes --no-headers")).Stdout);
        await Sh("kubectl create deployment web --image=playground/web:1");
        var running = await Sh("kubectl wait --for=condition=Available deployment/web --timeout=90s && kubectl get pods -l app=web -o jsonpath='{.items[0].status.phase}'");
        Assert.EndsWith("Running", running.Stdout.Trim());
        await h.Manager.EndAsync(w.Id, TerminationReason.Destroyed, Ct);
        Assert.Empty(await h.Backend.ListOwnedAsync(Ct));
    }
}
