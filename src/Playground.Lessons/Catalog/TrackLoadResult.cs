namespace Playground.Lessons;

/// <summary>One track folder read: its track.yaml (null when missing or broken) and each lesson folder's result.</summary>
internal sealed record TrackLoadResult(
    string Directory,
    TrackDefinition? Definition,
    IReadOnlyList<LessonLoadResult> ListedLessons,
    IReadOnlyList<LessonLoadResult> UnlistedLessons,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public IEnumerable<LessonLoadResult> AllLessons => ListedLessons.Concat(UnlistedLessons);

    public IEnumerable<Diagnostic> AllDiagnostics => Diagnostics.Concat(AllLessons.SelectMany(l => l.Diagnostics));

    /// <summary>The track as learners see it: only listed lessons that loaded; null when nothing can be shown.</summary>
    public Track? ToTrack()
    {
        if (Definition is null) return null;
        var lessons = ListedLessons.Where(l => l.Lesson is not null).Select(l => l.Lesson!).ToList();
        return lessons.Count == 0 ? null
            : new Track(Definition.Id, Directory, Definition.Title, Definition.Description, Definition.Order, lessons);
    }
}
