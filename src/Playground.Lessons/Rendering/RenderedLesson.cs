namespace Playground.Lessons;

/// <summary>A whole lesson rendered in one language (what the lesson page needs in one request).</summary>
public sealed record RenderedLesson(
    string Title,
    string Summary,
    string Language,
    bool IsFallback,
    RenderedPage Intro,
    RenderedPage? Finish,
    IReadOnlyList<RenderedStep> Steps);
