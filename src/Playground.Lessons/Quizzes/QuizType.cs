namespace Playground.Lessons;

/// <summary>How a quiz question is answered.</summary>
public enum QuizType
{
    /// <summary>One correct choice among distractors (radio buttons).</summary>
    Single,
    /// <summary>A set of correct choices (checkboxes); the chosen set must equal the answer set.</summary>
    Multiple,
    /// <summary>Free text compared case-insensitively, trimmed, against the accepted answers.</summary>
    Text,
    /// <summary>A number within <c>tolerance</c> of the answer.</summary>
    Numeric,
}
