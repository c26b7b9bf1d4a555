namespace Playground.Progress.Tests;

public class LessonProgressTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static LessonProgress With(params (int Step, bool Passed)[] steps) =>
        new("t/l", At, steps.ToDictionary(s => s.Step, s => new StepProgress(s.Step, 1, s.Passed ? 0 : 1, s.Passed ? At : null, 0)));

    [Fact]
    public void Current_step_is_the_first_unfinished_one()
    {
        Assert.Equal(1, With().CurrentStep(3));
        Assert.Equal(1, With((1, false)).CurrentStep(3));
        Assert.Equal(2, With((1, true)).CurrentStep(3));
        Assert.Equal(2, With((1, true), (3, true)).CurrentStep(3));   // a later step passed does not skip step 2
        Assert.Equal(3, With((1, true), (2, true), (3, false)).CurrentStep(3));
        Assert.Equal(4, With((1, true), (2, true), (3, true)).CurrentStep(3));
        Assert.Equal(1, With().CurrentStep(0));
    }

    [Fact]
    public void Steps_beyond_the_lesson_are_ignored()
    {
        var progress = With((1, true), (2, true), (5, true));

        Assert.Equal(3, progress.CurrentStep(2));
        Assert.Equal([1, 2], progress.PassedSteps(2));
    }
}
