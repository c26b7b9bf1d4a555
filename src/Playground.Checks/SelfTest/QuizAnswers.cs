using Playground.Lessons;

namespace Playground.Checks.SelfTest;

/// <summary>The answer a learner who knows the material would submit, built from the quiz itself.</summary>
public static class QuizAnswers
{
    /// <summary>The correct answer to <paramref name="question"/>, as a learner would give it.</summary>
    public static QuizAnswer Correct(QuizQuestion question) => question.HasChoices
        ? QuizAnswer.Chosen(question.Choices.Select((c, i) => (c, i)).Where(x => x.c.IsAnswer).Select(x => x.i).ToArray())
        : QuizAnswer.Typed(question.Answers[0]);
}
