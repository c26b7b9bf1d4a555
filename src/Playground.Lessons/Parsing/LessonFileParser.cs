using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>Parses lesson.md: the lesson's front matter and the intro text.</summary>
internal static partial class LessonFileParser
{
    public static readonly string[] Keys = ["id", "title", "summary", "level", "duration", "environment", "terminals", "tags", "setup", "show_solution"];
    private static readonly string[] ShowSolutionValues = ["after-failure", "always", "never"];

    public static LessonHeader? Parse(string file, string folderName, DiagnosticBag diagnostics)
    {
        var countBefore = diagnostics.Items.Count;
        var split = FrontMatterSplitter.Split(SourceText.Read(file), file, diagnostics);
        if (!split.HasFrontMatter)
        {
            if (diagnostics.Items.Count == countBefore)
                diagnostics.Error(file, 1, "lesson.md must start with front matter: a line ---, then title:, environment: ..., then ---");
            return null;
        }
        var mapping = YamlDocumentReader.LoadMapping(split.Yaml!, split.YamlLine, file, diagnostics, "the front matter");
        if (mapping is null) return null;

        var fields = new YamlFields(mapping, file, split.YamlLine, diagnostics);
        fields.RejectUnknownKeys(Keys, "lesson.md");
        fields.Require("title", "lesson.md");
        fields.Require("environment", "lesson.md (a folder name under sandbox-images/, or none)");
        if (!fields.Has("summary")) diagnostics.Warning(file, 1, "lesson.md has no 'summary': the catalog shows an empty description");
        if (!fields.Has("duration")) diagnostics.Warning(file, 1, "lesson.md has no 'duration' (minutes): the catalog shows 0 min");

        var id = fields.String("id")?.Trim() ?? folderName;
        if (!Slug().IsMatch(id))
            diagnostics.Error(file, fields.KeyLine("id"), $"the lesson id '{id}' may contain only a-z, 0-9 and - (it appears in URLs)");

        var terminals = fields.StringList("terminals") ?? ["main"];
        if (terminals.Count == 0 || terminals.Count > 9)
            diagnostics.Error(file, fields.KeyLine("terminals"), "'terminals' needs 1 to 9 names");
        foreach (var duplicate in terminals.GroupBy(t => t).Where(g => g.Count() > 1))
            diagnostics.Error(file, fields.KeyLine("terminals"), $"the terminal name '{duplicate.Key}' appears twice");

        var showSolution = fields.Choice("show_solution", ShowSolutionValues) switch
        {
            "always" => ShowSolutionPolicy.Always,
            "never" => ShowSolutionPolicy.Never,
            _ => ShowSolutionPolicy.AfterFailure,
        };

        var environment = fields.String("environment")?.Trim() ?? "";
        return new LessonHeader(
            id,
            fields.String("title")?.Trim() ?? "",
            fields.String("summary")?.Trim() ?? "",
            fields.Choice("level", LessonLevels.All) ?? LessonLevels.Beginner,
            fields.Int("duration", 0, 10_000) ?? 0,
            environment,
            fields.KeyLine("environment"),
            terminals,
            fields.StringList("tags") ?? [],
            fields.Script("setup"),
            showSolution,
            new LessonPage(LessonLanguages.Base, file, null, split.Body, split.BodyLine));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Slug();
}
