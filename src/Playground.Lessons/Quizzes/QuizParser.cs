using Markdig.Syntax;
using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>Reads every <c>```quiz</c> block of a step body into questions, reporting mistakes with their file line.</summary>
internal static class QuizParser
{
    private static readonly string[] Keys = ["id", "type", "question", "answer", "distractors", "explanation", "tolerance"];
    private static readonly string[] TypeNames = ["single", "multiple", "text", "numeric"];

    public static IReadOnlyList<QuizQuestion> Parse(MarkdownDocument document, string file, int bodyLine, DiagnosticBag diagnostics)
    {
        var questions = new List<QuizQuestion>();
        var seenIds = new Dictionary<string, int>();
        foreach (var block in document.Descendants<FencedCodeBlock>().Where(LessonMarkdown.IsQuizBlock))
        {
            var contentLine = bodyLine + block.Line + 1;
            var yaml = block.Lines.ToString();
            var root = YamlDocumentReader.Load(yaml, contentLine, file, diagnostics);
            IEnumerable<YamlNode> items = root switch
            {
                YamlSequenceNode sequence => sequence.Children,
                YamlMappingNode single => [single],
                null => [],
                _ => Invalid(root),
            };
            foreach (var item in items)
            {
                if (item is not YamlMappingNode mapping)
                {
                    diagnostics.Error(file, contentLine + (int)item.Start.Line - 1, "each quiz question must be a mapping (- id: q1 ...)");
                    continue;
                }
                var fields = new YamlFields(mapping, file, contentLine, diagnostics);
                var question = ParseQuestion(fields, questions.Count + 1);
                if (question is null) continue;
                if (seenIds.TryGetValue(question.Id, out var firstLine))
                {
                    diagnostics.Error(file, question.Line, $"quiz question id '{question.Id}' is used twice in this step (first on line {firstLine})");
                    continue;
                }
                seenIds[question.Id] = question.Line;
                questions.Add(question);
            }

            IEnumerable<YamlNode> Invalid(YamlNode node)
            {
                diagnostics.Error(file, contentLine + (int)node.Start.Line - 1, "a quiz block must be a list of questions (- id: q1 ...)");
                return [];
            }
        }
        return questions;
    }

    private static QuizQuestion? ParseQuestion(YamlFields fields, int position)
    {
        fields.RejectUnknownKeys(Keys, "a quiz question", key => key == "answers" ? "unknown key 'answers' in a quiz question (use 'answer', with a list for several)" : null);
        var id = fields.String("id")?.Trim() is { Length: > 0 } given ? given : $"q{position}";
        var label = $"quiz question '{id}'";
        var line = fields.Line;
        var ok = true;

        var question = fields.String("question");
        if (string.IsNullOrWhiteSpace(question))
        {
            fields.Diagnostics.Error(fields.File, line, $"{label} has no 'question'");
            ok = false;
        }

        var answerNode = fields.Node("answer");
        var answers = answerNode is null ? null : fields.StringList(answerNode, "answer");
        var distractors = fields.StringList("distractors") ?? [];
        var typeName = fields.Has("type") ? fields.Choice("type", TypeNames) : null;
        if (fields.Has("type") && typeName is null) return null;
        var type = typeName switch
        {
            "single" => QuizType.Single,
            "multiple" => QuizType.Multiple,
            "text" => QuizType.Text,
            "numeric" => QuizType.Numeric,
            // Without a type: choices when there are distractors, free text otherwise.
            _ => distractors.Count > 0 ? (answerNode is YamlSequenceNode ? QuizType.Multiple : QuizType.Single) : QuizType.Text,
        };

        if (answers is null || answers.Count == 0 || answers.All(string.IsNullOrWhiteSpace))
        {
            fields.Diagnostics.Error(fields.File, line, $"{label} has no answer (add 'answer: ...')");
            return null;
        }
        answers = answers.Select(a => a.Trim()).ToList();
        distractors = distractors.Select(d => d.Trim()).ToList();
        var tolerance = 0.0;

        switch (type)
        {
            case QuizType.Single:
                if (answers.Count != 1)
                {
                    fields.Diagnostics.Error(fields.File, fields.KeyLine("answer"), $"{label} is type single but has {answers.Count} answers (use type: multiple)");
                    ok = false;
                }
                if (distractors.Count == 0)
                {
                    fields.Diagnostics.Error(fields.File, line, $"{label} is type single but has no distractors (wrong choices to pick from)");
                    ok = false;
                }
                break;
            case QuizType.Multiple:
                break;
            case QuizType.Text:
                if (distractors.Count > 0)
                {
                    fields.Diagnostics.Error(fields.File, fields.KeyLine("distractors"), $"{label} is type text: distractors are only for single and multiple");
                    ok = false;
                }
                break;
            case QuizType.Numeric:
                if (answers.Count != 1 || !QuizNumbers.TryParse(answers[0], out _))
                {
                    fields.Diagnostics.Error(fields.File, fields.KeyLine("answer"), $"{label} is type numeric but its answer '{string.Join(", ", answers)}' is not one number");
                    ok = false;
                }
                if (fields.String("tolerance") is { } toleranceText)
                {
                    if (!QuizNumbers.TryParse(toleranceText, out tolerance) || tolerance < 0)
                    {
                        fields.Diagnostics.Error(fields.File, fields.KeyLine("tolerance"), $"{label}: tolerance must be a number >= 0, not '{toleranceText}'");
                        ok = false;
                    }
                }
                if (distractors.Count > 0)
                {
                    fields.Diagnostics.Error(fields.File, fields.KeyLine("distractors"), $"{label} is type numeric: distractors are only for single and multiple");
                    ok = false;
                }
                break;
        }
        if (type != QuizType.Numeric && fields.Has("tolerance"))
            fields.Diagnostics.Error(fields.File, fields.KeyLine("tolerance"), $"{label}: tolerance is only for numeric questions");

        foreach (var answer in answers)
        {
            if (distractors.Any(d => string.Equals(d, answer, StringComparison.OrdinalIgnoreCase)))
            {
                fields.Diagnostics.Error(fields.File, fields.KeyLine("distractors"), $"{label}: the answer '{answer}' is also listed among the distractors");
                ok = false;
            }
        }
        var duplicates = answers.Concat(distractors).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && !answers.Contains(g.Key, StringComparer.OrdinalIgnoreCase));
        foreach (var duplicate in duplicates)
            fields.Diagnostics.Warning(fields.File, fields.KeyLine("distractors"), $"{label}: the choice '{duplicate.Key}' is listed twice");

        if (!ok) return null;
        var choices = type is QuizType.Single or QuizType.Multiple ? QuizChoiceOrder.Arrange(id, answers, distractors) : [];
        return new QuizQuestion(id, type, question!.Trim(), answers, distractors, fields.String("explanation")?.Trim(), tolerance, choices, line);
    }
}
