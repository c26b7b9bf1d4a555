namespace Playground.Lessons;

/// <summary>
/// A step ready to show. <see cref="Html"/> never contains quiz answers; <see cref="Quizzes"/> (with answers)
/// and <see cref="SolutionHtml"/> are for the server to grade and to reveal under the lesson's policy.
/// <see cref="Title"/> is plain text (set it as text, not HTML).
/// </summary>
public sealed record RenderedStep(
    int Number,
    string Slug,
    string Title,
    string Html,
    bool IsFallback,
    string Language,
    IReadOnlyList<string> HintsHtml,
    string? SolutionHtml,
    IReadOnlyList<QuizQuestion> Quizzes);
