namespace Playground.Lessons;

/// <summary>
/// A numbered step of a lesson (file <c>NN-slug.md</c>). Scripts come only from the English file; texts per language.
/// </summary>
public sealed record Step(
    int Number,
    string Slug,
    string File,
    CheckPlan Checks,
    LessonScript? Setup,
    LessonScript? Solve,
    IReadOnlyDictionary<string, StepText> Texts)
{
    /// <summary>The English text of the step.</summary>
    public StepText BaseText => Texts[LessonLanguages.Base];

    /// <summary>When the quiz's answers are revealed and whether it must be passed to continue.</summary>
    public QuizPolicy Quiz { get; init; } = QuizPolicy.Default;

    /// <summary>
    /// A script that runs once per workspace when the learner opens a later step after passing this one (front
    /// matter <c>cleanup:</c>), e.g. to stop a server the step started; null when the step has none.
    /// </summary>
    public LessonScript? Cleanup { get; init; }

    /// <summary>
    /// Whether the page offers "Solve it for me" on this step (front matter <c>solvable:</c>, default true): only a
    /// step with checks and a solve script can be, since the server runs the solve script and then the checks.
    /// </summary>
    public bool Solvable { get; init; }

    /// <summary>Whether the step has conditions to check.</summary>
    public bool HasChecks => !Checks.IsEmpty;

    /// <summary>Whether the step has a quiz.</summary>
    public bool HasQuiz => BaseText.Quizzes.Count > 0;

    /// <summary>Whether the step is translated into <paramref name="language"/>.</summary>
    public bool HasTranslation(string language) => Texts.ContainsKey(language);

    /// <summary>The text in <paramref name="language"/>, or English when the step is not translated.</summary>
    public StepText Text(string language) => Texts.TryGetValue(language, out var text) ? text : BaseText;

    /// <summary>True when <paramref name="language"/> was asked for but English is shown instead.</summary>
    public bool IsFallback(string language) => language != LessonLanguages.Base && !Texts.ContainsKey(language);

    /// <summary>The fail text of a condition in <paramref name="language"/>, else English, else a generic message.</summary>
    public string FailText(string checkId, string language)
    {
        if (Text(language).FailTexts.TryGetValue(checkId, out var text)) return text;
        if (BaseText.FailTexts.TryGetValue(checkId, out var english)) return english;
        return language == "ko" ? $"확인 '{checkId}'에 실패했습니다." : $"Check '{checkId}' did not pass.";
    }
}
