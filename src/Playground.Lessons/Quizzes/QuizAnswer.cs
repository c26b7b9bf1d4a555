namespace Playground.Lessons;

/// <summary>What a learner submitted for one question: chosen indices (single/multiple) or typed text.</summary>
public sealed record QuizAnswer(IReadOnlyList<int>? Choices, string? Text)
{
    public static QuizAnswer Chosen(params int[] indices) => new(indices, null);

    public static QuizAnswer Typed(string text) => new(null, text);
}
