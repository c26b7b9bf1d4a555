namespace Playground.Lessons;

/// <summary>Parses finish.md / finish.xx.md: a body with optional front matter holding only a title.</summary>
internal static class FinishFileParser
{
    private static readonly string[] Keys = ["title"];

    public static LessonPage? Parse(string file, string language, DiagnosticBag diagnostics)
    {
        var split = FrontMatterSplitter.Split(SourceText.Read(file), file, diagnostics);
        string? title = null;
        if (split.HasFrontMatter)
        {
            var mapping = YamlDocumentReader.LoadMapping(split.Yaml!, split.YamlLine, file, diagnostics, "the front matter");
            if (mapping is null) return null;
            var fields = new YamlFields(mapping, file, split.YamlLine, diagnostics);
            fields.RejectUnknownKeys(Keys, "finish.md", TranslationKeys.Explainer([], Keys, "a step file"));
            title = fields.String("title")?.Trim();
        }
        return new LessonPage(language, file, title, split.Body, split.BodyLine);
    }
}
