namespace Playground.Lessons;

/// <summary>
/// How a step's quiz teaches (step front matter <c>quiz_attempts</c>, <c>quiz_required</c>; lessons/README.md).
/// The correct answers and explanations are withheld until the learner passes the quiz, or has used
/// <see cref="AttemptLimit"/> attempts (null: only passing reveals them). <see cref="Required"/>: the lesson page
/// does not let the learner continue past the step before the quiz is passed.
/// </summary>
public sealed record QuizPolicy(int? AttemptLimit, bool Required)
{
    /// <summary>Unlimited attempts, not required.</summary>
    public static QuizPolicy Default { get; } = new(null, false);

    /// <summary>True when the answers may be shown after <paramref name="attempts"/> submissions (this one included).</summary>
    public bool RevealsAnswers(bool passed, int attempts) => passed || AttemptLimit is { } limit && attempts >= limit;

    /// <summary>Attempts left before the answers are revealed; null when there is no limit.</summary>
    public int? AttemptsLeft(int attempts) => AttemptLimit is { } limit ? Math.Max(0, limit - attempts) : null;
}
