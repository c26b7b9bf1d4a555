using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>The Markdown files of a lesson folder sorted by role: lesson, steps, finish, and their translations.</summary>
internal sealed partial class LessonFiles
{
    public string? LessonFile { get; private set; }
    public string? FinishFile { get; private set; }
    public Dictionary<string, string> LessonTranslations { get; } = [];
    public Dictionary<string, string> FinishTranslations { get; } = [];
    public List<StepFileName> Steps { get; } = [];
    public List<StepFileName> StepTranslations { get; } = [];

    public IEnumerable<string> TranslationLanguages =>
        LessonTranslations.Keys.Concat(FinishTranslations.Keys).Concat(StepTranslations.Select(s => s.Language!))
            .Distinct().Order(StringComparer.Ordinal);

    public static LessonFiles Scan(string directory, DiagnosticBag diagnostics)
    {
        var files = new LessonFiles();
        foreach (var path in Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (PageName().Match(name) is { Success: true } page)
            {
                var language = page.Groups["lang"].Success ? page.Groups["lang"].Value : null;
                if (language == LessonLanguages.Base)
                {
                    diagnostics.Error(path, 1, $"English is the base language: name this file {page.Groups["name"].Value}.md");
                    continue;
                }
                var isLesson = page.Groups["name"].Value == "lesson";
                if (language is null)
                {
                    if (isLesson) files.LessonFile = path; else files.FinishFile = path;
                }
                else if (isLesson) files.LessonTranslations[language] = path;
                else files.FinishTranslations[language] = path;
            }
            else if (StepName().Match(name) is { Success: true } step)
            {
                var language = step.Groups["lang"].Success ? step.Groups["lang"].Value : null;
                var number = int.Parse(step.Groups["num"].Value);
                if (language == LessonLanguages.Base)
                {
                    diagnostics.Error(path, 1, $"English is the base language: name this file {number:00}-{step.Groups["slug"].Value}.md");
                    continue;
                }
                var stepFile = new StepFileName(number, step.Groups["slug"].Value, language, path);
                (language is null ? files.Steps : files.StepTranslations).Add(stepFile);
            }
            else if (!name.Equals("README.md", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Warning(path, 1, $"'{name}' is ignored: step files are named NN-slug.md (01-first-step.md), translations NN-slug.ko.md");
            }
        }
        return files;
    }

    [GeneratedRegex(@"^(?<name>lesson|finish)(?:\.(?<lang>[a-z]{2}))?\.md$")]
    private static partial Regex PageName();

    [GeneratedRegex(@"^(?<num>\d{2,3})-(?<slug>[A-Za-z0-9][A-Za-z0-9_-]*)(?:\.(?<lang>[a-z]{2}))?\.md$")]
    private static partial Regex StepName();
}
