namespace Playground.Lessons;

/// <summary>lesson.xx.md: translated title, summary and intro.</summary>
internal sealed record LessonTranslation(string Language, string? Title, string? Summary, LessonPage? Intro);
