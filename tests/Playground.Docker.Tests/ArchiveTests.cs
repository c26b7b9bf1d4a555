using System.Formats.Tar;
using System.Text;
using Playground.Testing;

namespace Playground.Docker.Tests;

public sealed class ArchiveTests(DockerEngine engine)
{
    [Fact]
    public async Task Put_then_get_roundtrips_a_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await engine.StartContainerAsync(ct: ct);
        try
        {
            var content = "안녕하세요, Playground!\n" + new string('x', 100_000);
            var tar = new MemoryStream();
            await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, "greeting.txt")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                await writer.WriteEntryAsync(entry, ct);
            }
            tar.Position = 0;

            await engine.Client.PutArchiveAsync(id, "/tmp", tar, ct);
            Assert.True(tar.CanRead, "the caller's stream stays open");

            var cat = await engine.Client.RunAsync(id, new ExecCreateRequest { Cmd = ["sh", "-c", "head -c 40 /tmp/greeting.txt | head -n1; stat -c %a /tmp/greeting.txt"] }, ct: ct);
            Assert.Equal("안녕하세요, Playground!\n644\n", cat.Stdout);

            await using var archive = await engine.Client.GetArchiveAsync(id, "/tmp/greeting.txt", ct);
            var reader = new TarReader(archive);
            var fetched = await reader.GetNextEntryAsync(copyData: true, ct);
            Assert.NotNull(fetched);
            Assert.Equal("greeting.txt", fetched.Name);
            using var text = new StreamReader(fetched.DataStream!, Encoding.UTF8);
            Assert.Equal(content, await text.ReadToEndAsync(ct));
        }
        finally
        {
            await engine.Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Get_of_a_missing_path_is_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await engine.StartContainerAsync(ct: ct);
        try
        {
            await Assert.ThrowsAsync<DockerNotFoundException>(() => engine.Client.GetArchiveAsync(id, "/no/such/path", ct));
        }
        finally
        {
            await engine.Client.RemoveContainerAsync(id, ct: CancellationToken.None);
        }
    }
}
