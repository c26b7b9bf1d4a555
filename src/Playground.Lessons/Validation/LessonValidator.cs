namespace Playground.Lessons;

/// <summary>
/// Finds every problem in a lesson folder, a track folder or the whole lessons root, as <c>file:line: message</c>:
/// everything the catalog would reject plus environments, bash syntax of every script, asset links and run targets.
/// </summary>
public sealed class LessonValidator
{
    private readonly BashSyntaxChecker _bash;
    private readonly bool _processPerScript;

    /// <param name="processPerScript">Start one <c>bash -n</c> per script instead of checking them all in one bash
    /// process: the behaviour before 2026-11, kept as the bench's same-run baseline.</param>
    public LessonValidator(BashSyntaxChecker? bash = null, bool processPerScript = false)
    {
        _bash = bash ?? new BashSyntaxChecker();
        _processPerScript = processPerScript;
    }

    /// <param name="knownEnvironments">Folder names under sandbox-images/; null skips the environment check.</param>
    public ValidationReport Validate(string path, IReadOnlySet<string>? knownEnvironments) =>
        ValidateAsync(path, knownEnvironments).GetAwaiter().GetResult();

    /// <summary>Validates the lesson, track or folder at <paramref name="path"/>; environments outside <paramref name="knownEnvironments"/> are errors (not checked when null).</summary>
    public async Task<ValidationReport> ValidateAsync(string path, IReadOnlySet<string>? knownEnvironments, CancellationToken cancellationToken = default)
    {
        var diagnostics = new DiagnosticBag();
        if (File.Exists(path)) path = Path.GetDirectoryName(Path.GetFullPath(path))!;
        path = Path.TrimEndingDirectorySeparator(path);
        if (!Directory.Exists(path))
        {
            diagnostics.Error(path, 1, "no such folder");
            return Report(diagnostics, 0);
        }

        var lessons = new List<LessonLoadResult>();
        if (File.Exists(Path.Combine(path, "lesson.md")))
        {
            var trackId = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "track";
            lessons.Add(LessonTreeReader.LoadLesson(path, trackId));
        }
        else if (File.Exists(Path.Combine(path, TrackFileParser.FileName)))
        {
            var track = LessonTreeReader.ReadTrack(path);
            diagnostics.AddRange(track.Diagnostics);
            lessons.AddRange(track.AllLessons);
        }
        else
        {
            var (tracks, rootDiagnostics) = LessonTreeReader.ReadRoot(path);
            diagnostics.AddRange(rootDiagnostics);
            foreach (var track in tracks)
            {
                diagnostics.AddRange(track.Diagnostics);
                lessons.AddRange(track.AllLessons);
            }
            if (tracks.Count == 0 && rootDiagnostics.Count == 0)
                diagnostics.Warning(path, 1, "no lessons found: expected lesson.md (a lesson), track.yaml (a track) or track folders (the lessons root)");
        }

        // bash works through the scripts in its own process while this one checks the Markdown (the baseline
        // mode keeps the old order: Markdown first, then one bash -n after the other).
        var allScripts = lessons.SelectMany(l => l.Scripts).ToList();
        var scripts = _processPerScript ? null : CheckScriptsAsync(allScripts, cancellationToken);
        foreach (var lesson in lessons)
            ValidateLesson(lesson, knownEnvironments, diagnostics);
        diagnostics.AddRange(await (scripts ?? CheckScriptsAsync(allScripts, cancellationToken)));
        return Report(diagnostics, lessons.Count);
    }

    private static void ValidateLesson(LessonLoadResult lesson, IReadOnlySet<string>? knownEnvironments, DiagnosticBag diagnostics)
    {
        diagnostics.AddRange(lesson.Diagnostics);
        var header = lesson.Header;
        if (header is not null && knownEnvironments is not null && header.Environment.Length > 0
            && header.Environment != Lesson.NoEnvironment && !knownEnvironments.Contains(header.Environment))
        {
            var known = string.Join(", ", knownEnvironments.Order(StringComparer.Ordinal).Append(Lesson.NoEnvironment));
            diagnostics.Error(Path.Combine(lesson.Directory, "lesson.md"), header.EnvironmentLine,
                $"unknown environment '{header.Environment}' (known: {known}); environments are the folders under sandbox-images/");
        }

        foreach (var source in lesson.Sources)
            MarkdownSourceChecker.Check(source, lesson.Directory, header, diagnostics);
    }

    /// <summary>Bash syntax of every script of every lesson, in one bash process (see <see cref="BashSyntaxChecker.CheckAllAsync"/>).</summary>
    private async Task<IReadOnlyList<Diagnostic>> CheckScriptsAsync(IReadOnlyList<LessonScript> scripts, CancellationToken cancellationToken)
    {
        if (scripts.Count == 0) return [];
        if (!_bash.IsAvailable)
            return [new Diagnostic(DiagnosticSeverity.Warning, scripts[0].File, scripts[0].Line, "bash is not installed here, so script syntax was not checked")];
        if (!_processPerScript) return await Task.Run(() => _bash.CheckAllAsync(scripts, cancellationToken), cancellationToken);
        var diagnostics = new List<Diagnostic>();
        foreach (var script in scripts) diagnostics.AddRange(await _bash.CheckAsync(script, cancellationToken));
        return diagnostics;
    }

    private static ValidationReport Report(DiagnosticBag diagnostics, int lessonCount)
    {
        var sorted = diagnostics.Items.Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Severity)
            .ToList();
        return new ValidationReport(sorted, lessonCount);
    }
}
