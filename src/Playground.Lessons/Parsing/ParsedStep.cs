namespace Playground.Lessons;

/// <summary>A base step file parsed, plus the pieces the validator inspects further.</summary>
internal sealed record ParsedStep(
    StepFileName Name,
    CheckPlan Checks,
    int ChecksLine,
    LessonScript? Setup,
    LessonScript? Solve,
    StepText Text,
    IReadOnlyList<MarkdownSource> Sources)
{
    public QuizPolicy Quiz { get; init; } = QuizPolicy.Default;

    public LessonScript? Cleanup { get; init; }

    public bool Solvable { get; init; }

    public Step ToStep(IReadOnlyDictionary<string, StepText> texts) =>
        new(Name.Number, Name.Slug, Name.Path, Checks, Setup, Solve, texts) { Quiz = Quiz, Cleanup = Cleanup, Solvable = Solvable };
}
