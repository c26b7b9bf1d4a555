namespace Playground.Lessons;

/// <summary>Parses lesson.xx.md, which may translate only title and summary (and the intro text).</summary>
internal static class LessonTranslationParser
{
    private static readonly string[] Keys = ["title", "summary"];

    public static LessonTranslation? Parse(string file, string language, DiagnosticBag diagnostics)
    {
        var split = FrontMatterSplitter.Split(SourceText.Read(file), file, diagnostics);
        var title = (string?)null;
        var summary = (string?)null;
        if (split.HasFrontMatter)
        {
            var mapping = YamlDocumentReader.LoadMapping(split.Yaml!, split.YamlLine, file, diagnostics, "the front matter");
            if (mapping is null) return null;
            var fields = new YamlFields(mapping, file, split.YamlLine, diagnostics);
            fields.RejectUnknownKeys(Keys, "a lesson translation", TranslationKeys.Explainer(LessonFileParser.Keys, Keys, "lesson.md"));
            title = fields.String("title")?.Trim();
            summary = fields.String("summary")?.Trim();
        }
        var intro = string.IsNullOrWhiteSpace(split.Body) ? null : new LessonPage(language, file, title, split.Body, split.BodyLine);
        return new LessonTranslation(language, title, summary, intro);
    }
}
