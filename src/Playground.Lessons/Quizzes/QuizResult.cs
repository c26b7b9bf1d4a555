namespace Playground.Lessons;

/// <summary>Passed when every question is answered correctly.</summary>
public sealed record QuizResult(bool Passed, IReadOnlyList<QuizQuestionResult> Results);
