namespace Playground.Lessons;

/// <summary>
/// The outcome of reading one lesson folder. <see cref="Lesson"/> is null when the English files have errors;
/// a translation with errors is left out while the lesson itself still loads.
/// </summary>
internal sealed record LessonLoadResult(
    string Directory,
    Lesson? Lesson,
    IReadOnlyList<Diagnostic> Diagnostics,
    LessonHeader? Header,
    IReadOnlyList<LessonScript> Scripts,
    IReadOnlyList<MarkdownSource> Sources);
