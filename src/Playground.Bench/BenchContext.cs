using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Docker.DotNet;
using Playground.Web.Hosting;

namespace Playground.Bench;

/// <summary>
/// What every benchmark of one run shares: the instance id that labels everything the run creates,
/// the repository layout, one Docker client (Docker.DotNet, for the raw-engine baselines and the
/// leftover count) and a scratch folder for SQLite files.
/// </summary>
internal sealed class BenchContext : IAsyncDisposable
{
    private BenchContext(BenchArguments arguments, string instanceId, RepositoryLayout layout, DockerClient docker, string scratch)
    {
        Arguments = arguments;
        InstanceId = instanceId;
        Layout = layout;
        Docker = docker;
        Scratch = scratch;
    }

    public BenchArguments Arguments { get; }
    /// <summary>"bench-" + 10 random hex digits; the playground.instance label of everything this run creates.</summary>
    public string InstanceId { get; }
    public RepositoryLayout Layout { get; }
    public DockerClient Docker { get; }
    public string Scratch { get; }
    public BenchReport Report { get; } = new();

    public IDictionary<string, IDictionary<string, bool>> InstanceFilter => new Dictionary<string, IDictionary<string, bool>>
    {
        ["label"] = new Dictionary<string, bool> { [$"playground.instance={InstanceId}"] = true },
    };

    /// <summary>Warnings of the engine reach the console; its information-level chatter would drown the tables.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.SetMinimumLevel(LogLevel.Warning);
        // Lesson folders are being edited by others; their problems are not the bench's concern.
        logging.AddFilter("Playground.Lessons", LogLevel.None);
        logging.AddFilter("Playground.Web.Hosting.LessonCatalogService", LogLevel.None);
    }

    public static async Task<BenchContext> CreateAsync(BenchArguments arguments, CancellationToken ct)
    {
        var instanceId = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        // The sandbox engine, where Playground starts its sandboxes (the baselines must run beside them).
        var docker = new DockerClientBuilder().WithEndpoint(new Uri(Playground.Sandboxes.SandboxEngine.HostFromEnvironment())).Build();
        try
        {
            await docker.System.PingAsync(ct);
        }
        catch
        {
            docker.Dispose();
            throw;
        }
        var scratch = Path.Combine(Path.GetTempPath(), $"playground-{instanceId}");
        Directory.CreateDirectory(scratch);
        return new BenchContext(arguments, instanceId, RepositoryLayout.Discover(), docker, scratch);
    }

    /// <summary>A fresh SQLite file in the scratch folder (each engine gets its own).</summary>
    public string NewDatabasePath(string purpose) => Path.Combine(Scratch, $"{purpose}-{Guid.NewGuid():N}.db");

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pool we do not own: it is in /tmp and small.
        }
        Docker.Dispose();
        return ValueTask.CompletedTask;
    }
}
