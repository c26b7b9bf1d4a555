using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>
/// Parses NN-slug.xx.md and merges it over the English step: a translation may hold only title, hints
/// (same count), fail (check id -> text) and solution; what it leaves out stays English.
/// </summary>
internal static class StepTranslationParser
{
    private static readonly string[] Keys = ["title", "hints", "fail", "solution"];

    public static (StepText Text, IReadOnlyList<MarkdownSource> Sources)? Parse(StepFileName name, ParsedStep english, DiagnosticBag diagnostics)
    {
        var file = name.Path;
        var language = name.Language!;
        var split = FrontMatterSplitter.Split(SourceText.Read(file), file, diagnostics);
        var sources = new List<MarkdownSource>();
        var baseText = english.Text;
        string? title = null;
        IReadOnlyList<string>? hints = null;
        var failTexts = new Dictionary<string, string>(baseText.FailTexts);
        string? solution = null;

        if (split.HasFrontMatter)
        {
            var mapping = YamlDocumentReader.LoadMapping(split.Yaml!, split.YamlLine, file, diagnostics, "the front matter");
            if (mapping is null) return null;
            var fields = new YamlFields(mapping, file, split.YamlLine, diagnostics);
            fields.RejectUnknownKeys(Keys, "a step translation", TranslationKeys.Explainer(StepFileParser.Keys, Keys, english.Name.FileName));
            title = fields.String("title")?.Trim();

            if (fields.Has("hints"))
            {
                hints = StepFileParser.ReadHints(fields, sources, language);
                if (hints.Count != baseText.Hints.Count)
                    diagnostics.Error(file, fields.KeyLine("hints"),
                        $"this translation has {hints.Count} hints but {english.Name.FileName} has {baseText.Hints.Count}: hints are revealed one by one, so the counts must match");
            }

            ReadFailTexts(fields, english, failTexts);
            solution = StepFileParser.ReadSolution(fields, sources, language);
        }
        else if (split.Body.Length == 0 && diagnostics.HasErrors)
        {
            return null;
        }

        sources.Insert(0, new MarkdownSource(file, split.Body, split.BodyLine, MarkdownPlace.Step, language));
        var document = LessonMarkdown.Parse(split.Body);
        var quizzes = QuizParser.Parse(document, file, split.BodyLine, diagnostics);
        CompareQuizzes(file, split.BodyLine, quizzes, baseText.Quizzes, english.Name.FileName, diagnostics);

        var text = new StepText(language, file, title ?? baseText.Title, split.Body, split.BodyLine,
            hints ?? baseText.Hints, failTexts, solution ?? baseText.Solution, quizzes);
        return (text, sources);
    }

    private static void ReadFailTexts(YamlFields fields, ParsedStep english, Dictionary<string, string> failTexts)
    {
        var node = fields.Node("fail");
        if (node is null) return;
        if (node is not YamlMappingNode mapping)
        {
            fields.Diagnostics.Error(fields.File, fields.LineOf(node), "'fail' must map check ids to texts (fail: {c1: ...})");
            return;
        }
        var checkIds = english.Checks.Conditions.Select(c => c.Id).ToHashSet();
        foreach (var (key, value) in mapping.Children)
        {
            var id = YamlFields.KeyText(key);
            if (!checkIds.Contains(id))
                fields.Diagnostics.Error(fields.File, fields.LineOf(key),
                    $"'fail' names check '{id}', but {english.Name.FileName} has no check with that id" +
                    (checkIds.Count > 0 ? $" (its checks: {string.Join(", ", checkIds)})" : ""));
            else if (value is YamlScalarNode { Value: { } text })
                failTexts[id] = text.Trim();
            else
                fields.Diagnostics.Error(fields.File, fields.LineOf(value), $"'fail.{id}' must be a text");
        }
    }

    /// <summary>Grading uses the shown language's quiz, so a translation must ask the same questions.</summary>
    private static void CompareQuizzes(string file, int bodyLine, IReadOnlyList<QuizQuestion> translated, IReadOnlyList<QuizQuestion> english, string baseFile, DiagnosticBag diagnostics)
    {
        var englishIds = english.Select(q => q.Id).ToList();
        var translatedIds = translated.Select(q => q.Id).ToList();
        if (!englishIds.SequenceEqual(translatedIds))
        {
            diagnostics.Error(file, translated.FirstOrDefault()?.Line ?? bodyLine,
                $"the quiz questions ({Ids(translatedIds)}) differ from {baseFile} ({Ids(englishIds)}): translate the same questions with the same ids");
            return;
        }
        foreach (var (t, e) in translated.Zip(english))
        {
            if (t.Type != e.Type)
                diagnostics.Error(file, t.Line, $"quiz question '{t.Id}' is {t.Type.ToString().ToLowerInvariant()} here but {e.Type.ToString().ToLowerInvariant()} in {baseFile}");
            else if (t.HasChoices && (t.Answers.Count != e.Answers.Count || t.Distractors.Count != e.Distractors.Count))
                diagnostics.Error(file, t.Line, $"quiz question '{t.Id}' has a different number of answers or distractors than in {baseFile}");
        }

        static string Ids(List<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);
    }
}
