using Playground.Lessons;
using Playground.Progress;

namespace Playground.Web.Catalog;

/// <summary>What a learner's progress means for one lesson's page: which steps passed, what is revealed.</summary>
internal sealed record LessonView(Lesson Lesson, LessonProgress Progress)
{
    public int[] PassedSteps => Progress.Steps.Values.Where(s => s.PassedAt is not null && s.Step <= Lesson.Steps.Count)
        .Select(s => s.Step).Order().ToArray();

    /// <summary>Passed steps the learner had solved for them ("Solve it for me").</summary>
    public int[] SolvedWithHelpSteps => Progress.Steps.Values.Where(s => s.SolvedWithHelp && s.Step <= Lesson.Steps.Count)
        .Select(s => s.Step).Order().ToArray();

    public int CurrentStep => Progress.CurrentStep(Lesson.Steps.Count);

    public int HintsRevealed(int step) => Progress.Steps.TryGetValue(step, out var s) ? s.HintsRevealed : 0;

    public bool SolutionAvailable(Step step) => Lesson.ShowSolution switch
    {
        ShowSolutionPolicy.Always => true,
        ShowSolutionPolicy.Never => false,
        _ => Progress.Steps.TryGetValue(step.Number, out var s) && s.Failures > 0,
    } && (step.Solve is not null || step.BaseText.Solution is not null);

    public ProgressDto ToDto() => new(CurrentStep, PassedSteps, SolvedWithHelpSteps);
}

/// <param name="SolvedWithHelpSteps">The subset of <paramref name="PassedSteps"/> passed through "Solve it for me".</param>
internal sealed record ProgressDto(int CurrentStep, int[] PassedSteps, int[]? SolvedWithHelpSteps = null);
