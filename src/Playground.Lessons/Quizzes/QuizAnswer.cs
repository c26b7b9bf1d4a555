namespace Playground.Lessons;

/// <summary>What a learner submitted for one question: chosen indices (single/multiple) or typed text.</summary>
public sealed record QuizAnswer(IReadOnlyList<int>? Choices, string? Text)
{
    public static QuizAnswer Chosen(params int[] indices) => new(indices, null);

    public static QuizAnswer Typed(string text) => new(null, text);

    /// <summary>Nothing chosen and nothing typed (blank text counts as nothing).</summary>
    public bool IsEmpty() => (Choices is null || Choices.Count == 0) && string.IsNullOrWhiteSpace(Text);
}
