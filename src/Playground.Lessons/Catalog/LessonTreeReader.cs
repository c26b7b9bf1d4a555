namespace Playground.Lessons;

/// <summary>
/// Walks a lessons root or one track folder. A broken track or lesson becomes diagnostics and never stops the
/// others from loading; unexpected I/O failures are reported the same way.
/// </summary>
internal static class LessonTreeReader
{
    public static (List<TrackLoadResult> Tracks, List<Diagnostic> Diagnostics) ReadRoot(string root)
    {
        var tracks = new List<TrackLoadResult>();
        var diagnostics = new DiagnosticBag();
        if (!Directory.Exists(root))
        {
            diagnostics.Error(root, 1, "the lessons folder does not exist");
            return (tracks, diagnostics.Items.ToList());
        }
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith('.') || name.StartsWith('_')) continue;
            if (!File.Exists(Path.Combine(directory, TrackFileParser.FileName)))
            {
                var hasLessons = SafeEnumerateDirectories(directory).Any(d => File.Exists(Path.Combine(d, "lesson.md")));
                if (hasLessons)
                    diagnostics.Error(Path.Combine(directory, TrackFileParser.FileName), 1,
                        $"the folder '{name}/' holds lessons but has no track.yaml (title, order, lessons), so none of them is shown");
                continue;
            }
            tracks.Add(ReadTrack(directory));
        }
        return (tracks, diagnostics.Items.ToList());
    }

    public static TrackLoadResult ReadTrack(string directory)
    {
        var diagnostics = new DiagnosticBag();
        var trackId = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var lessonFolders = SafeEnumerateDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, "lesson.md")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

        TrackDefinition? definition = null;
        try
        {
            if (File.Exists(Path.Combine(directory, TrackFileParser.FileName)))
                definition = TrackFileParser.Parse(directory, diagnostics);
            else
                diagnostics.Error(Path.Combine(directory, TrackFileParser.FileName), 1, "the track has no track.yaml (title, order, lessons)");
        }
        catch (Exception ex)
        {
            diagnostics.Error(Path.Combine(directory, TrackFileParser.FileName), 1, $"cannot read track.yaml: {ex.Message}");
        }

        var listed = new List<LessonLoadResult>();
        var unlisted = new List<LessonLoadResult>();
        var listedNames = definition?.Lessons.Select(l => l.Folder).ToHashSet() ?? [];
        foreach (var entry in definition?.Lessons ?? [])
        {
            var lessonDirectory = Path.Combine(directory, entry.Folder);
            if (!Directory.Exists(lessonDirectory))
            {
                diagnostics.Error(definition!.File, entry.Line, $"track.yaml lists '{entry.Folder}', but there is no folder {entry.Folder}/ next to it");
                continue;
            }
            listed.Add(LoadLesson(lessonDirectory, trackId));
        }
        foreach (var folder in lessonFolders.Where(f => !listedNames.Contains(f)))
        {
            if (definition is not null)
                diagnostics.Error(definition.File, definition.LessonsLine,
                    $"the folder '{folder}/' has a lesson.md but track.yaml does not list it under 'lessons', so it is not shown");
            unlisted.Add(LoadLesson(Path.Combine(directory, folder), trackId));
        }

        foreach (var duplicate in listed.Where(l => l.Header is not null).GroupBy(l => l.Header!.Id).Where(g => g.Count() > 1))
        {
            foreach (var extra in duplicate.Skip(1))
                diagnostics.Error(Path.Combine(extra.Directory, "lesson.md"), 1, $"the lesson id '{duplicate.Key}' is used by another lesson of this track");
        }
        // Later duplicates are dropped so Find() is unambiguous.
        var seen = new HashSet<string>();
        listed = listed.Select(l => l.Lesson is { } lesson && !seen.Add(lesson.Id) ? l with { Lesson = null } : l).ToList();

        return new TrackLoadResult(directory, definition, listed, unlisted, diagnostics.Items.ToList());
    }

    public static LessonLoadResult LoadLesson(string directory, string trackId)
    {
        try
        {
            return LessonLoader.Load(directory, trackId);
        }
        catch (Exception ex)
        {
            // Whatever went wrong, one lesson must never take the catalog down.
            var diagnostic = new Diagnostic(DiagnosticSeverity.Error, Path.Combine(directory, "lesson.md"), 1, $"cannot read the lesson: {ex.Message}");
            return new LessonLoadResult(directory, null, [diagnostic], null, [], []);
        }
    }

    private static IEnumerable<string> SafeEnumerateDirectories(string directory)
    {
        try
        {
            return Directory.EnumerateDirectories(directory).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
