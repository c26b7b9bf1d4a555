namespace Playground.Lessons;

/// <summary>The front matter and intro of lesson.md.</summary>
internal sealed record LessonHeader(
    string Id,
    string Title,
    string Summary,
    string Level,
    int DurationMinutes,
    string Environment,
    int EnvironmentLine,
    IReadOnlyList<string> Terminals,
    IReadOnlyList<string> Tags,
    LessonScript? Setup,
    ShowSolutionPolicy ShowSolution,
    LessonPage Intro);
