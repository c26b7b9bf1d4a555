using Playground.Sandboxes.Docker;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Tests;

public class EnvironmentSpecTests
{
    [Fact]
    public void Every_shipped_environment_loads_and_explains_each_capability()
    {
        var (specs, problems) = EnvironmentCatalog.LoadAll(RepoPaths.SandboxImages);
        Assert.Empty(problems);
        Assert.Contains("shell", specs.Keys);
        Assert.Contains("docker", specs.Keys);
        foreach (var spec in specs.Values)
        {
            Assert.All(spec.Capabilities, c => Assert.False(string.IsNullOrWhiteSpace(c.Why)));
            Assert.True(spec.Limits.Pids > 0 && spec.Limits.MemoryBytes > 0, $"{spec.Name} has limits");
        }
        Assert.Equal(NetworkMode.None, specs["shell"].Network);
        Assert.Equal("learner", specs["shell"].User);
    }

    [Fact]
    public void Unknown_key_is_reported_with_its_line()
    {
        var yaml = "name: x\nimage: x:1\nlimts:\n  memory: 1g\n";
        var e = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Load(new StringReader(yaml), "x/environment.yaml", "x"));
        Assert.Equal(3, e.Line);
        Assert.Contains("unknown key 'limts'", e.Message);
    }

    [Theory]
    [InlineData("name: x\nimage: x:1\ncapabilities:\n  - {name: SYS_ADMIN}\n", 4, "needs a 'why'")]
    [InlineData("name: x\nimage: x:1\nvolumes:\n  - {path: /var/run/docker.sock}\n", 4, "Docker socket is never mounted")]
    [InlineData("name: y\nimage: x:1\n", 1, "must equal its folder name")]
    [InlineData("name: x\nimage: x:1\ntmpfs:\n  - {path: /tmp, size: lots}\n", 4, "is not a size")]
    [InlineData("name: x\nimage: x:1\nnetwork: host\n", 3, "network must be none or bridge")]
    [InlineData("name: x\nimage: x: y\n", 2, "invalid YAML")]
    public void Bad_specs_are_refused_with_a_reason(string yaml, int line, string message)
    {
        var e = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Load(new StringReader(yaml), "x/environment.yaml", "x"));
        Assert.Contains(message, e.Message);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void Container_request_is_hardened_by_default()
    {
        var spec = new EnvironmentSpec
        {
            Name = "t",
            Image = "t:1",
            Capabilities = [new Capability("CHOWN", "because")],
            Tmpfs = [new TmpfsMount("/tmp", 64 << 20, "exec")],
            Volumes = [new VolumeMount("/var/lib/docker")],
        };
        var request = ContainerRequestFactory.Create(spec, new Dictionary<string, string> { ["playground.instance"] = "i" }, null);
        var host = request.HostConfig!;
        Assert.Equal(new[] { "ALL" }, host.CapDrop);
        Assert.Equal(new[] { "CHOWN" }, host.CapAdd);
        Assert.Contains("no-new-privileges:true", host.SecurityOpt!);
        Assert.Equal("none", host.NetworkMode);
        Assert.Equal(host.Memory, host.MemorySwap);
        Assert.False(host.OomKillDisable);
        Assert.Equal(1000, host.PidsLimit);
        Assert.Equal(1_000_000_000, host.NanoCPUs);
        Assert.False(host.Privileged);
        Assert.Equal("rw,size=67108864,exec", host.Tmpfs!["/tmp"]);
        var mount = Assert.Single(host.Mounts!);
        Assert.Null(mount.Source);
        Assert.Equal("i", mount.VolumeOptions!.Labels!["playground.instance"]);
        Assert.Null(host.Binds);
    }

    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("2g", 2L << 30)]
    [InlineData("64k", 64L << 10)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("1024", 1024)]
    public void Sizes_parse_like_docker(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }
}
