using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Playground.Lessons;

/// <summary>
/// All lessons under the lessons root. Readers always see one complete snapshot; <see cref="Reload"/> builds a
/// new one and swaps it in, so a request in flight never sees half a reload.
/// </summary>
public sealed class LessonCatalog
{
    private readonly Lock _reloadLock = new();
    private readonly ILogger _logger;
    private CatalogSnapshot _snapshot = CatalogSnapshot.Empty;

    /// <summary>A catalog of the lessons under <see cref="LessonsOptions.Root"/>; call <see cref="Reload"/> to read them.</summary>
    public LessonCatalog(LessonsOptions options, ILogger<LessonCatalog>? logger = null)
    {
        Root = Path.GetFullPath(options.Root);
        _logger = logger ?? NullLogger<LessonCatalog>.Instance;
        Reload();
    }

    /// <summary>A catalog of the lessons under <paramref name="root"/>.</summary>
    public LessonCatalog(string root) : this(new LessonsOptions { Root = root })
    {
    }

    /// <summary>Absolute path of the lessons root.</summary>
    public string Root { get; }

    /// <summary>The current snapshot; replaced whole on every reload, never changed in place.</summary>
    public CatalogSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The tracks of the current snapshot.</summary>
    public IReadOnlyList<Track> Tracks => Snapshot.Tracks;

    /// <summary>What was wrong in the files of the current snapshot (<c>file:line: message</c>).</summary>
    public IReadOnlyList<Diagnostic> Problems => Snapshot.Problems;

    /// <summary>Raised after every reload with the new snapshot.</summary>
    public event EventHandler<CatalogSnapshot>? Reloaded;

    /// <summary>The lesson <c>trackId/lessonId</c>, or null.</summary>
    public Lesson? Find(string trackId, string lessonId) => Snapshot.Find(trackId, lessonId);

    /// <summary>The lesson with key <c>track/lesson</c>, or null.</summary>
    public Lesson? Find(string key) => Snapshot.Find(key);

    /// <summary>The track with id <paramref name="trackId"/>, or null.</summary>
    public Track? FindTrack(string trackId) => Snapshot.FindTrack(trackId);

    /// <summary>Reads the lessons folder again and swaps in the new snapshot, which it returns.</summary>
    public CatalogSnapshot Reload()
    {
        CatalogSnapshot next;
        lock (_reloadLock)
        {
            var (tracks, rootDiagnostics) = LessonTreeReader.ReadRoot(Root);
            var problems = rootDiagnostics.Concat(tracks.SelectMany(t => t.AllDiagnostics)).ToList();
            var loaded = tracks.Select(t => t.ToTrack()).OfType<Track>()
                .OrderBy(t => t.Order).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
            next = new CatalogSnapshot(loaded, problems, Snapshot.Version + 1);
            Volatile.Write(ref _snapshot, next);
        }

        var errors = next.Problems.Count(p => p.IsError);
        _logger.LogInformation("Lessons loaded from {Root}: {TrackCount} tracks, {LessonCount} lessons, {ErrorCount} errors, {WarningCount} warnings",
            Root, next.Tracks.Count, next.Lessons.Count(), errors, next.Problems.Count - errors);
        foreach (var problem in next.Problems.Where(p => p.IsError))
            _logger.LogWarning("Lesson problem {File}:{Line}: {Message}", problem.File, problem.Line, problem.Message);

        Reloaded?.Invoke(this, next);
        return next;
    }
}
