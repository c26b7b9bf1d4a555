using Playground.Lessons;

namespace Playground.Checks;

/// <summary>Maps a lesson step's conditions onto the checker's plan, with fail texts in the learner's language.</summary>
public static class LessonCheckPlans
{
    /// <summary>The check plan of <paramref name="step"/> with its fail messages in <paramref name="language"/> (English where not translated).</summary>
    public static CheckPlan For(Step step, string language) => new(
        step.Checks.Conditions
            .Select(c => new CheckCondition(c.Id, c.Run.Text, step.FailText(c.Id, language), c.Needs.Count > 0 ? c.Needs[0] : null)
            {
                MoreNeeds = c.Needs.Skip(1).ToList(),
            })
            .ToList(),
        TimeSpan.FromSeconds(step.Checks.TimeoutSeconds));
}
