namespace Playground.Lessons;

/// <summary>What a learner submitted for one question: chosen indices (single/multiple) or typed text.</summary>
public sealed record QuizAnswer(IReadOnlyList<int>? Choices, string? Text)
{
    /// <summary>An answer choosing the choices at <paramref name="indices"/> (0-based, as shown).</summary>
    public static QuizAnswer Chosen(params int[] indices) => new(indices, null);

    /// <summary>A typed answer.</summary>
    public static QuizAnswer Typed(string text) => new(null, text);

    /// <summary>Nothing chosen and nothing typed (blank text counts as nothing).</summary>
    public bool IsEmpty() => (Choices is null || Choices.Count == 0) && string.IsNullOrWhiteSpace(Text);
}
