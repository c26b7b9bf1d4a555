using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>Parses a base step file NN-slug.md: title, checks, hints, scripts, body and its quizzes.</summary>
internal static partial class StepFileParser
{
    public static readonly string[] Keys = ["title", "setup", "mode", "timeout", "expect_initial_fail", "checks", "hints", "solve", "solution", "quiz_attempts", "quiz_required", "solvable", "cleanup"];
    private static readonly string[] CheckKeys = ["id", "run", "fail", "needs"];
    private static readonly string[] Modes = ["click", "watch"];

    public static ParsedStep? Parse(StepFileName name, DiagnosticBag diagnostics)
    {
        var file = name.Path;
        var countBefore = diagnostics.Items.Count;
        var split = FrontMatterSplitter.Split(SourceText.Read(file), file, diagnostics);
        if (!split.HasFrontMatter)
        {
            if (diagnostics.Items.Count == countBefore)
                diagnostics.Error(file, 1, "a step file must start with front matter: a line ---, then title: ..., then ---");
            return null;
        }
        var mapping = YamlDocumentReader.LoadMapping(split.Yaml!, split.YamlLine, file, diagnostics, "the front matter");
        if (mapping is null) return null;

        var fields = new YamlFields(mapping, file, split.YamlLine, diagnostics);
        fields.RejectUnknownKeys(Keys, "a step");
        fields.Require("title", "a step");

        var conditions = ParseChecks(fields);
        var solve = fields.Script("solve");
        if (conditions.Count > 0 && solve is null && !fields.Has("solve"))
            diagnostics.Error(file, fields.KeyLine("checks"), "this step has checks but no 'solve' script (the self-test runs it to prove the step can be passed)");

        var plan = new CheckPlan(
            fields.Choice("mode", Modes) == "watch" ? CheckMode.Watch : CheckMode.Click,
            fields.Int("timeout", 1, 600) ?? CheckPlan.DefaultTimeoutSeconds,
            fields.Bool("expect_initial_fail") ?? true,
            conditions);

        var sources = new List<MarkdownSource> { new(file, split.Body, split.BodyLine, MarkdownPlace.Step, LessonLanguages.Base) };
        var hints = ReadHints(fields, sources, LessonLanguages.Base);
        var solution = ReadSolution(fields, sources, LessonLanguages.Base) ?? DefaultSolution(solve);

        var document = LessonMarkdown.Parse(split.Body);
        var quizzes = QuizParser.Parse(document, file, split.BodyLine, diagnostics);

        var text = new StepText(
            LessonLanguages.Base,
            file,
            fields.String("title")?.Trim() ?? "",
            split.Body,
            split.BodyLine,
            hints,
            conditions.Where(c => c.Fail is not null).ToDictionary(c => c.Id, c => c.Fail!),
            solution,
            quizzes);
        var quizPolicy = new QuizPolicy(fields.Int("quiz_attempts", 1, 100), fields.Bool("quiz_required") ?? false);
        if ((fields.Has("quiz_attempts") || fields.Has("quiz_required")) && quizzes.Count == 0)
            diagnostics.Error(file, fields.KeyLine(fields.Has("quiz_attempts") ? "quiz_attempts" : "quiz_required"),
                "'quiz_attempts' and 'quiz_required' need a ```quiz block in this step");
        // "Solve it for me" runs the solve script and then the checks: it needs both. Default on wherever it can work.
        var solvable = fields.Bool("solvable");
        if (solvable == true && (solve is null || conditions.Count == 0))
            diagnostics.Error(file, fields.KeyLine("solvable"),
                "'solvable: true' needs checks and a 'solve' script in this step (\"Solve it for me\" runs the solve script, then the checks)");
        return new ParsedStep(name, plan, fields.KeyLine("checks"), fields.Script("setup"), solve, text, sources)
        {
            Quiz = quizPolicy,
            Cleanup = fields.Script("cleanup"),
            Solvable = (solvable ?? true) && solve is not null && conditions.Count > 0,
        };
    }

    /// <summary>Without a written solution, "show solution" shows the solve script as a copyable block.</summary>
    public static string? DefaultSolution(LessonScript? solve) =>
        solve is null ? null : $"```bash copy\n{solve.Text.TrimEnd('\n')}\n```\n";

    internal static IReadOnlyList<string> ReadHints(YamlFields fields, List<MarkdownSource> sources, string language)
    {
        var node = fields.Node("hints");
        if (node is null) return [];
        if (node is not YamlSequenceNode sequence)
        {
            fields.Diagnostics.Error(fields.File, fields.LineOf(node), "'hints' must be a list (- first hint)");
            return [];
        }
        var hints = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } hint })
            {
                hints.Add(hint.Trim());
                sources.Add(new MarkdownSource(fields.File, hint, fields.LineOf(item), MarkdownPlace.Hint, language));
            }
            else fields.Diagnostics.Error(fields.File, fields.LineOf(item), "each hint must be a text" + YamlFields.QuoteAdvice(item));
        }
        return hints;
    }

    internal static string? ReadSolution(YamlFields fields, List<MarkdownSource> sources, string language)
    {
        var solution = fields.String("solution");
        if (solution is null) return null;
        var node = (YamlScalarNode)fields.Node("solution")!;
        var line = fields.LineOf(node) + (node.Style is YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded ? 1 : 0);
        sources.Add(new MarkdownSource(fields.File, solution, line, MarkdownPlace.Solution, language));
        return solution;
    }

    private static List<CheckCondition> ParseChecks(YamlFields fields)
    {
        var conditions = new List<CheckCondition>();
        var node = fields.Node("checks");
        if (node is null) return conditions;
        if (node is not YamlSequenceNode sequence)
        {
            fields.Diagnostics.Error(fields.File, fields.LineOf(node), "'checks' must be a list of conditions (- run: ...)");
            return conditions;
        }

        var pending = new List<(string Id, YamlFields Fields, LessonScript? Run, IReadOnlyList<string> Needs)>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                fields.Diagnostics.Error(fields.File, fields.LineOf(item), "each check must be a mapping with at least 'run:'");
                continue;
            }
            var check = fields.Nested(mapping);
            check.RejectUnknownKeys(CheckKeys, "a check");
            var id = check.String("id")?.Trim() is { Length: > 0 } given ? given : $"c{pending.Count + 1}";
            if (!CheckId().IsMatch(id))
                check.Diagnostics.Error(check.File, check.KeyLine("id"), $"the check id '{id}' may contain only letters, digits, - and _");
            if (pending.Any(p => p.Id == id))
                check.Diagnostics.Error(check.File, check.KeyLine("id"), $"the check id '{id}' is used twice in this step");
            if (!check.Has("run")) check.Diagnostics.Error(check.File, check.Line, $"check '{id}' has no 'run' script");
            pending.Add((id, check, check.Script("run"), check.StringList("needs") ?? []));
        }

        for (var i = 0; i < pending.Count; i++)
        {
            var (id, check, run, needs) = pending[i];
            foreach (var need in needs)
            {
                var index = pending.FindIndex(p => p.Id == need);
                var message = index < 0 ? $"check '{id}' needs '{need}', but no check in this step has that id"
                    : index == i ? $"check '{id}' needs itself"
                    : index > i ? $"check '{id}' needs '{need}', which comes later; a check can only need an earlier one"
                    : null;
                if (message is not null) check.Diagnostics.Error(check.File, check.KeyLine("needs"), message);
            }
            if (run is not null)
                conditions.Add(new CheckCondition(id, run, check.String("fail")?.Trim(), needs, check.Line));
        }
        return conditions;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex CheckId();
}
