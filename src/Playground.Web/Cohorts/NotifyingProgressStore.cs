using Playground.Progress;

namespace Playground.Web.Cohorts;

/// <summary>The progress store, telling <see cref="CohortSignals"/> after every write so dashboards update at once.</summary>
internal sealed class NotifyingProgressStore(IProgressStore inner, CohortSignals signals) : IProgressStore
{
    public Task<LearnerRecord> GetOrCreateLearnerAsync(string learnerId, CancellationToken ct = default) => inner.GetOrCreateLearnerAsync(learnerId, ct);

    public Task SetLanguageAsync(string learnerId, string language, CancellationToken ct = default) => inner.SetLanguageAsync(learnerId, language, ct);

    // A read: nothing for dashboards to hear about.
    public Task<int> CountQuizAnswersAsync(string learnerId, string lessonKey, int step, string questionId, CancellationToken ct = default) =>
        inner.CountQuizAnswersAsync(learnerId, lessonKey, step, questionId, ct);

    public async Task StartLessonAsync(string learnerId, string lessonKey, CancellationToken ct = default)
    {
        await inner.StartLessonAsync(learnerId, lessonKey, ct);
        signals.Changed(learnerId);
    }

    public async Task<StepAttempt> RecordCheckAsync(string learnerId, string lessonKey, int step, bool passed, CancellationToken ct = default)
    {
        var attempt = await inner.RecordCheckAsync(learnerId, lessonKey, step, passed, ct);
        signals.Changed(learnerId);
        return attempt;
    }

    public async Task<int> RevealHintAsync(string learnerId, string lessonKey, int step, int hintCount, CancellationToken ct = default)
    {
        var revealed = await inner.RevealHintAsync(learnerId, lessonKey, step, hintCount, ct);
        signals.Changed(learnerId);
        return revealed;
    }

    public async Task RecordQuizAnswerAsync(string learnerId, string lessonKey, int step, string questionId, string answerJson, bool correct, CancellationToken ct = default)
    {
        await inner.RecordQuizAnswerAsync(learnerId, lessonKey, step, questionId, answerJson, correct, ct);
        signals.Changed(learnerId);
    }

    public async Task MarkStepPassedAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default)
    {
        await inner.MarkStepPassedAsync(learnerId, lessonKey, step, ct);
        signals.Changed(learnerId);
    }

    public async Task RecordSolutionViewAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default)
    {
        await inner.RecordSolutionViewAsync(learnerId, lessonKey, step, ct);
        signals.Changed(learnerId);
    }

    public async Task RecordSolvedWithHelpAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default)
    {
        await inner.RecordSolvedWithHelpAsync(learnerId, lessonKey, step, ct);
        signals.Changed(learnerId);
    }

    public Task<LessonProgress> GetLessonProgressAsync(string learnerId, string lessonKey, CancellationToken ct = default) => inner.GetLessonProgressAsync(learnerId, lessonKey, ct);

    public Task<IReadOnlyList<LessonProgress>> GetAllProgressAsync(string learnerId, CancellationToken ct = default) => inner.GetAllProgressAsync(learnerId, ct);
}
