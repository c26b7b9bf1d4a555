namespace Playground.Lessons;

/// <summary>One choice of a single/multiple question, in the order shown (the submitted value is its index).</summary>
public sealed record QuizChoice(string Text, bool IsAnswer);
