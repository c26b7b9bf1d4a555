using Playground.Testing;

namespace Playground.Docker.Tests;

public sealed class ContainerTests(DockerEngine engine)
{
    private DockerClient Client => engine.Client;

    [Fact]
    public async Task Create_start_inspect_kill_remove()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);
        var name = engine.UniqueName("lifecycle");
        var id = await Client.CreateContainerAsync(new ContainerCreateRequest
        {
            Image = image,
            Cmd = ["sleep", "infinity"],
            Env = ["GREETING=hello"],
            Hostname = "playground",
            WorkingDir = "/tmp",
            Labels = engine.Labels,
            StopSignal = "SIGTERM",
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Memory = 64 * 1024 * 1024,
                MemorySwap = 64 * 1024 * 1024,
                NanoCpus = 500_000_000,
                PidsLimit = 100,
                CapDrop = ["ALL"],
                CapAdd = ["CHOWN"],
                SecurityOpt = ["no-new-privileges"],
                Tmpfs = new Dictionary<string, string> { ["/scratch"] = "size=16m" },
                Init = true,
            },
        }, name, ct);
        try
        {
            var created = await Client.InspectContainerAsync(id, ct);
            Assert.Equal("created", created.State.Status);
            Assert.False(created.State.Running);
            Assert.Equal("/" + name, created.Name);

            await Client.StartContainerAsync(id, ct);
            await Client.StartContainerAsync(id, ct); // already started: 304 is fine

            var running = await Client.InspectContainerAsync(id, ct);
            Assert.Equal(id, running.Id);
            Assert.True(running.State.Running);
            Assert.True(running.State.Pid > 0);
            Assert.True(running.State.StartedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal(engine.InstanceId, running.Config.Labels![DockerEngine.InstanceLabel]);
            Assert.Equal(image, running.Config.Image);
            Assert.Contains("GREETING=hello", running.Config.Env!);
            Assert.Equal("playground", running.Config.Hostname);
            Assert.Equal(64 * 1024 * 1024, running.HostConfig!.Memory);
            Assert.Equal(500_000_000, running.HostConfig.NanoCpus);
            Assert.Equal(100, running.HostConfig.PidsLimit);
            Assert.Equal(["CHOWN"], running.HostConfig.CapAdd!);
            Assert.Equal("size=16m", running.HostConfig.Tmpfs!["/scratch"]);
            Assert.True(running.HostConfig.Init);
            Assert.NotEqual(true, running.HostConfig.Privileged);

            await Client.KillContainerAsync(id, ct: ct);
            Assert.Equal(137, await Client.WaitContainerAsync(id, ct));
            await Client.KillContainerAsync(id, ct: ct); // not running any more: ignored

            var killed = await Client.InspectContainerAsync(id, ct);
            Assert.Equal("exited", killed.State.Status);
            Assert.Equal(137, killed.State.ExitCode);
            Assert.True(killed.State.FinishedAt >= killed.State.StartedAt);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }

        await Assert.ThrowsAsync<DockerNotFoundException>(() => Client.InspectContainerAsync(id, ct));
        await Client.RemoveContainerAsync(id, ct: ct); // absent: ignored
    }

    [Fact]
    public async Task Wait_returns_the_exit_code()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await engine.StartContainerAsync(new ContainerCreateRequest
        {
            Image = await engine.BaseImageAsync(ct),
            Cmd = ["sh", "-c", "exit 42"],
        }, ct);
        try
        {
            Assert.Equal(42, await Client.WaitContainerAsync(id, ct));
        }
        finally
        {
            await Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }
    }

    [Fact]
    public async Task List_filters_by_label_value_and_by_label_presence()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);
        var marker = engine.UniqueName("list");
        var first = await engine.StartContainerAsync(new ContainerCreateRequest { Image = image, Labels = new Dictionary<string, string> { ["test.list"] = marker, ["test.role"] = "a" } }, ct);
        var second = await engine.StartContainerAsync(new ContainerCreateRequest { Image = image, Labels = new Dictionary<string, string> { ["test.list"] = marker } }, ct);
        try
        {
            var both = await Client.ListContainersAsync(new Dictionary<string, string?> { ["test.list"] = marker }, ct: ct);
            Assert.Equal(new[] { first, second }.Order(), both.Select(c => c.Id).Order());
            Assert.All(both, c => Assert.Equal("running", c.State));
            Assert.All(both, c => Assert.Equal(engine.InstanceId, c.Labels![DockerEngine.InstanceLabel]));

            var withRole = await Client.ListContainersAsync(new Dictionary<string, string?> { ["test.list"] = marker, ["test.role"] = null }, ct: ct);
            Assert.Equal(first, Assert.Single(withRole).Id);

            await Client.KillContainerAsync(second, ct: ct);
            await Client.WaitContainerAsync(second, ct);
            var runningOnly = await Client.ListContainersAsync(new Dictionary<string, string?> { ["test.list"] = marker }, all: false, ct);
            Assert.Equal(first, Assert.Single(runningOnly).Id);
        }
        finally
        {
            await Client.RemoveContainerAsync(first, ct: CancellationToken.None);
            await Client.RemoveContainerAsync(second, ct: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Rename_changes_the_name_and_a_taken_name_is_a_conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var image = await engine.BaseImageAsync(ct);
        var id = await engine.StartContainerAsync(ct: ct);
        var newName = engine.UniqueName("renamed");
        try
        {
            await Client.RenameContainerAsync(id, newName, ct);
            Assert.Equal("/" + newName, (await Client.InspectContainerAsync(id, ct)).Name);

            var duplicate = await Assert.ThrowsAsync<DockerConflictException>(() =>
                Client.CreateContainerAsync(new ContainerCreateRequest { Image = image, Labels = engine.Labels }, newName, ct));
            Assert.Contains("already in use", duplicate.Message);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }
    }
}
