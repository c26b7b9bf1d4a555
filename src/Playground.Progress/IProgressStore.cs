namespace Playground.Progress;

/// <summary>Durable learner progress. Every method is safe to call concurrently; counters are atomic.
/// Invalid arguments (malformed learner id, empty lesson key, step &lt; 1, ...) throw <see cref="ArgumentException"/>.</summary>
public interface IProgressStore
{
    /// <summary>Returns the learner, creating it on first sight, and refreshes its last-seen time.</summary>
    Task<LearnerRecord> GetOrCreateLearnerAsync(string learnerId, CancellationToken ct = default);

    /// <summary>Saves the learner's language (<c>en</c> or <c>ko</c>).</summary>
    Task SetLanguageAsync(string learnerId, string language, CancellationToken ct = default);

    /// <summary>Idempotent: records the time of the first start only.</summary>
    Task StartLessonAsync(string learnerId, string lessonKey, CancellationToken ct = default);

    /// <summary>attempts + 1, failures + 1 on a failed check; the pass time is set on the first pass and never unset.</summary>
    Task<StepAttempt> RecordCheckAsync(string learnerId, string lessonKey, int step, bool passed, CancellationToken ct = default);

    /// <summary>Reveals one more hint, never more than <paramref name="hintCount"/>; returns how many are revealed.</summary>
    Task<int> RevealHintAsync(string learnerId, string lessonKey, int step, int hintCount, CancellationToken ct = default);

    /// <summary>Appends one answer to the quiz history; <paramref name="answerJson"/> must be valid JSON.</summary>
    Task RecordQuizAnswerAsync(string learnerId, string lessonKey, int step, string questionId, string answerJson, bool correct, CancellationToken ct = default);

    /// <summary>
    /// How many answers to <paramref name="questionId"/> of this step the learner has submitted: a quiz submission
    /// records every question of the step, so for any one question this is the number of quiz attempts.
    /// </summary>
    Task<int> CountQuizAnswersAsync(string learnerId, string lessonKey, int step, string questionId, CancellationToken ct = default);

    /// <summary>Marks a step passed without a check (e.g. a quiz step). Idempotent; keeps the first pass time.</summary>
    Task MarkStepPassedAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default);

    /// <summary>Records that the learner opened the step's solution. Idempotent; keeps the first time.</summary>
    Task RecordSolutionViewAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default);

    /// <summary>Records that "Solve it for me" ran the step's solve script for the learner. Idempotent; keeps the first time.</summary>
    Task RecordSolvedWithHelpAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default);

    /// <summary>The learner's progress in one lesson (empty when never started).</summary>
    Task<LessonProgress> GetLessonProgressAsync(string learnerId, string lessonKey, CancellationToken ct = default);

    /// <summary>Every lesson the learner started or touched, ordered by lesson key.</summary>
    Task<IReadOnlyList<LessonProgress>> GetAllProgressAsync(string learnerId, CancellationToken ct = default);
}
