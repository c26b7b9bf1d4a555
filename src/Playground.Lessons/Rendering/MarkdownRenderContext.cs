namespace Playground.Lessons;

/// <summary>
/// What rendering one piece of Markdown needs to know: the language (for labels such as "Note"), where the
/// lesson's assets/ folder is served, and for a step its number, body line and parsed quizzes.
/// </summary>
internal sealed record MarkdownRenderContext(
    string Language = LessonLanguages.Base,
    string? AssetsUrl = null,
    int? StepNumber = null,
    int BodyLine = 1,
    IReadOnlyList<QuizQuestion>? Quizzes = null);
