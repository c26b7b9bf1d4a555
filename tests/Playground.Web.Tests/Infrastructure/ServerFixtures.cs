using Playground.Lessons;
using Playground.Testing.Web;
using Playground.Web.Hosting;

namespace Playground.Web.Tests.Infrastructure;

/// <summary>A real Playground server over the repository's own lessons/, shared by one test class.</summary>
public sealed class CurriculumServer : IAsyncLifetime
{
    private PlaygroundServer? _server;

    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await PlaygroundServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>A real Playground server over <see cref="TestLessons"/>, shared by one test class.</summary>
public sealed class TestLessonsServer : IAsyncLifetime
{
    private readonly TestLessons _lessons = new();
    private PlaygroundServer? _server;

    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Lessons:Root"] = _lessons.Root });
        LessonsLoadedCleanly(_server);
    }

    /// <summary>A broken test lesson would be skipped silently by the catalog; fail loudly instead.</summary>
    public static void LessonsLoadedCleanly(PlaygroundServer server)
    {
        var errors = server.Get<LessonCatalogService>().Catalog.Problems.Where(p => p.IsError).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("test lessons do not load: " + string.Join("; ", errors));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_server is not null) await _server.DisposeAsync();
        }
        finally
        {
            _lessons.Dispose();
        }
    }
}
