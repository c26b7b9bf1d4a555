namespace Playground.Lessons;

/// <summary>
/// A parsed quiz question with its answers: server-side only, never sent to the browser as such.
/// <see cref="Choices"/> (single/multiple) is answers + distractors in a stable order seeded by <see cref="Id"/>.
/// </summary>
public sealed record QuizQuestion(
    string Id,
    QuizType Type,
    string Question,
    IReadOnlyList<string> Answers,
    IReadOnlyList<string> Distractors,
    string? Explanation,
    double Tolerance,
    IReadOnlyList<QuizChoice> Choices,
    int Line)
{
    /// <summary>Whether the learner picks from choices (single or multiple choice).</summary>
    public bool HasChoices => Type is QuizType.Single or QuizType.Multiple;
}
