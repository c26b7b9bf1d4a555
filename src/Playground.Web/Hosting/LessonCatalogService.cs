using Microsoft.Extensions.Options;
using Playground.Lessons;

namespace Playground.Web.Hosting;

/// <summary>
/// The lesson catalog as the web layer uses it: loaded once at start; in author mode a watcher
/// reloads it on every save and tells open pages.
/// </summary>
internal sealed class LessonCatalogService : IDisposable
{
    public LessonCatalogService(IOptions<LessonsOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<LessonCatalog>();
        Catalog = new LessonCatalog(options.Value, logger);
        foreach (var problem in Catalog.Problems)
            logger.LogWarning("Lesson skipped or degraded: {Problem}", problem.ToString());
        if (options.Value.AuthorMode)
        {
            Watcher = new LessonWatcher(Catalog, loggers.CreateLogger<LessonWatcher>());
            Watcher.Start();
        }
    }

    public LessonCatalog Catalog { get; }
    public LessonWatcher? Watcher { get; }

    public IReadOnlyList<string> TerminalsOf(string lessonKey) =>
        Catalog.Find(lessonKey) is { } lesson && lesson.Terminals.Count > 0 ? lesson.Terminals : ["main"];

    public void Dispose() => Watcher?.Dispose();
}
