namespace Playground.Lessons;

/// <summary>The verdict on one question; <see cref="Answer"/> is the correct answer as text, to show after grading.</summary>
public sealed record QuizQuestionResult(string Id, bool Correct, string? Explanation, string Answer);
