namespace Playground.Lessons;

/// <summary>An immutable view of every loaded track and lesson plus the problems met while loading.</summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, Lesson> _lessonsByKey;
    private readonly Dictionary<string, Track> _tracksById;

    /// <summary>A snapshot of <paramref name="tracks"/>, the <paramref name="problems"/> found loading them, and its <paramref name="version"/> (grows by one per reload).</summary>
    public CatalogSnapshot(IReadOnlyList<Track> tracks, IReadOnlyList<Diagnostic> problems, long version)
    {
        Tracks = tracks;
        Problems = problems;
        Version = version;
        _tracksById = tracks.ToDictionary(t => t.Id);
        _lessonsByKey = tracks.SelectMany(t => t.Lessons).ToDictionary(l => l.Key);
    }

    /// <summary>No tracks, no problems, version 0.</summary>
    public static CatalogSnapshot Empty { get; } = new([], [], 0);

    /// <summary>Tracks by <c>order</c>, then id; lessons in track.yaml order.</summary>
    public IReadOnlyList<Track> Tracks { get; }

    /// <summary>Errors and warnings met while loading; lessons with errors are not in <see cref="Tracks"/>.</summary>
    public IReadOnlyList<Diagnostic> Problems { get; }

    /// <summary>Increases with every reload, so caches can tell snapshots apart.</summary>
    public long Version { get; }

    /// <summary>Every lesson of every track, in track order.</summary>
    public IEnumerable<Lesson> Lessons => Tracks.SelectMany(t => t.Lessons);

    /// <summary>The track with id <paramref name="trackId"/>, or null.</summary>
    public Track? FindTrack(string trackId) => _tracksById.GetValueOrDefault(trackId);

    /// <summary>The lesson <c>trackId/lessonId</c>, or null.</summary>
    public Lesson? Find(string trackId, string lessonId) => _lessonsByKey.GetValueOrDefault($"{trackId}/{lessonId}");

    /// <summary>Finds by key "track/lesson".</summary>
    public Lesson? Find(string key) => _lessonsByKey.GetValueOrDefault(key);
}
