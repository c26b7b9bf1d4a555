namespace Playground.Lessons;

/// <summary>Grades submitted answers against parsed questions. Pure: no state, no I/O.</summary>
public static class QuizGrader
{
    /// <param name="answers">By question id; a missing question counts as wrong.</param>
    public static QuizResult Grade(IReadOnlyList<QuizQuestion> questions, IReadOnlyDictionary<string, QuizAnswer> answers)
    {
        var results = questions
            .Select(q => new QuizQuestionResult(q.Id, answers.TryGetValue(q.Id, out var a) && IsCorrect(q, a), q.Explanation, CorrectAnswerText(q)))
            .ToList();
        return new QuizResult(results.Count > 0 && results.All(r => r.Correct), results);
    }

    /// <summary>Whether <paramref name="answer"/> is correct for <paramref name="question"/>.</summary>
    public static bool IsCorrect(QuizQuestion question, QuizAnswer answer)
    {
        switch (question.Type)
        {
            case QuizType.Single:
                return answer.Choices is [var index] && IsAnswerIndex(question, index)
                       || answer.Choices is null && int.TryParse(answer.Text, out var typed) && IsAnswerIndex(question, typed);
            case QuizType.Multiple:
                if (answer.Choices is null || answer.Choices.Any(i => i < 0 || i >= question.Choices.Count)) return false;
                var chosen = answer.Choices.ToHashSet();
                var correct = Enumerable.Range(0, question.Choices.Count).Where(i => question.Choices[i].IsAnswer).ToHashSet();
                return chosen.SetEquals(correct);
            case QuizType.Text:
                var text = Normalize(answer.Text);
                return text.Length > 0 && question.Answers.Any(a => string.Equals(Normalize(a), text, StringComparison.OrdinalIgnoreCase));
            case QuizType.Numeric:
                return QuizNumbers.TryParse(answer.Text, out var value)
                       && QuizNumbers.TryParse(question.Answers[0], out var expected)
                       && Math.Abs(value - expected) <= question.Tolerance + 1e-9 * Math.Max(1, Math.Abs(expected));
            default:
                return false;
        }
    }

    /// <summary>The correct answer as text, for the learner to read after the attempts run out.</summary>
    public static string CorrectAnswerText(QuizQuestion question) => question.Type switch
    {
        QuizType.Numeric when question.Tolerance > 0 => $"{question.Answers[0]} (± {QuizNumbers.Format(question.Tolerance)})",
        QuizType.Text or QuizType.Numeric => question.Answers[0],
        _ => string.Join(", ", question.Choices.Where(c => c.IsAnswer).Select(c => c.Text)),
    };

    private static bool IsAnswerIndex(QuizQuestion question, int index) =>
        index >= 0 && index < question.Choices.Count && question.Choices[index].IsAnswer;

    // Inner runs of spaces count as one, so "docker  ps" matches "docker ps".
    private static string Normalize(string? text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
