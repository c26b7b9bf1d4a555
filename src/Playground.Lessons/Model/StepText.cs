namespace Playground.Lessons;

/// <summary>
/// Everything of a step a learner reads, in one language. A translation's missing parts (hints, fail texts,
/// solution) are filled from English at load time, so a StepText is always complete.
/// </summary>
public sealed record StepText(
    string Language,
    string File,
    string Title,
    string Body,
    int BodyLine,
    IReadOnlyList<string> Hints,
    IReadOnlyDictionary<string, string> FailTexts,
    string? Solution,
    IReadOnlyList<QuizQuestion> Quizzes);
