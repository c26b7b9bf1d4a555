using Microsoft.Extensions.Options;
using Playground.Lessons;

namespace Playground.Web.Hosting;

/// <summary>The lesson catalog as the web layer uses it: loaded once at start, reloaded in author mode.</summary>
public sealed class LessonCatalogService
{
    public LessonCatalogService(IOptions<LessonsOptions> options, ILogger<LessonCatalog> logger)
    {
        Catalog = new LessonCatalog(options.Value, logger);
        foreach (var problem in Catalog.Problems)
            logger.LogWarning("Lesson problem: {Problem}", problem.ToString());
    }

    public LessonCatalog Catalog { get; }

    public IReadOnlyList<string> TerminalsOf(string lessonKey) =>
        Catalog.Find(lessonKey) is { } lesson && lesson.Terminals.Count > 0 ? lesson.Terminals : ["main"];
}
