namespace Playground.Lessons;

/// <summary>A lesson's intro (body of lesson.md) or finish page, in one language.</summary>
public sealed record LessonPage(string Language, string File, string? Title, string Body, int BodyLine);
