using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>
/// <c>playground lessons new track/lesson</c>: writes a starter lesson (English + Korean, commented examples)
/// that passes the validator, and lists it in track.yaml. Never overwrites.
/// </summary>
public static partial class LessonScaffolder
{
    /// <summary>Creates a new lesson <paramref name="key"/> (<c>track/lesson</c>) from templates under <paramref name="lessonsRoot"/>. Throws <see cref="LessonScaffoldException"/> when it exists or the key is not valid.</summary>
    public static ScaffoldResult Create(string lessonsRoot, string key, string environment = "shell")
    {
        var parts = key.Trim().Trim('/').Split('/');
        if (parts.Length != 2 || !Slug().IsMatch(parts[0]) || !Slug().IsMatch(parts[1]))
            throw new LessonScaffoldException($"'{key}' is not track/lesson (lower-case letters, digits and -, e.g. docker/first-container)");
        if (!Slug().IsMatch(environment))
            throw new LessonScaffoldException($"'{environment}' is not an environment name (a folder under sandbox-images/, or none)");

        var (trackId, lessonFolder) = (parts[0], parts[1]);
        var trackDirectory = Path.Combine(lessonsRoot, trackId);
        var lessonDirectory = Path.Combine(trackDirectory, lessonFolder);
        if (Directory.Exists(lessonDirectory))
            throw new LessonScaffoldException($"{lessonDirectory} already exists; nothing was written");

        var trackFile = Path.Combine(trackDirectory, TrackFileParser.FileName);
        var trackFileExists = File.Exists(trackFile);
        // Computed before anything is written so a bad track.yaml leaves no half-made lesson behind.
        var trackYaml = trackFileExists
            ? TrackYamlEditor.AppendLesson(SourceText.Read(trackFile), lessonFolder)
            : LessonTemplates.TrackYaml(trackId, lessonFolder);

        Directory.CreateDirectory(lessonDirectory);
        var created = new List<string>();
        Write("lesson.md", LessonTemplates.LessonMd(lessonFolder, environment));
        Write("lesson.ko.md", LessonTemplates.LessonKoMd(lessonFolder));
        Write("01-first-step.md", LessonTemplates.StepMd(environment));
        Write("01-first-step.ko.md", LessonTemplates.StepKoMd(environment));
        File.WriteAllText(trackFile, trackYaml);
        if (!trackFileExists) created.Add(trackFile);
        return new ScaffoldResult(lessonDirectory, created, trackFile, !trackFileExists);

        void Write(string name, string content)
        {
            var path = Path.Combine(lessonDirectory, name);
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(content);
            created.Add(path);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Slug();
}
