namespace Playground.Progress;

/// <summary>One learner's progress in one lesson (<c>track/lesson</c>). Steps without any record are absent.</summary>
public sealed record LessonProgress(string LessonKey, DateTimeOffset? StartedAt, IReadOnlyDictionary<int, StepProgress> Steps)
{
    /// <summary>The first unfinished step (1-based), or <paramref name="totalSteps"/> + 1 when every step is passed.</summary>
    public int CurrentStep(int totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalSteps);
        for (var step = 1; step <= totalSteps; step++)
        {
            if (!IsPassed(step)) return step;
        }
        return totalSteps + 1;
    }

    /// <summary>Whether step <paramref name="step"/> (1-based) passed.</summary>
    public bool IsPassed(int step) => Steps.TryGetValue(step, out var progress) && progress.Passed;

    /// <summary>Passed steps within 1..<paramref name="totalSteps"/>, ascending; steps beyond it
    /// (left over after an author removed steps) are ignored.</summary>
    public IReadOnlyList<int> PassedSteps(int totalSteps) =>
        Steps.Values.Where(s => s.Passed && s.Step <= totalSteps).Select(s => s.Step).Order().ToList();

    /// <summary>The progress of a lesson never started.</summary>
    public static LessonProgress Empty(string lessonKey) => new(lessonKey, null, new Dictionary<int, StepProgress>());
}
