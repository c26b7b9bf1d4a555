namespace Playground.Lessons;

/// <summary>The allowed values of a lesson's <c>level</c>.</summary>
public static class LessonLevels
{
    public const string Beginner = "beginner";
    public const string Intermediate = "intermediate";
    public const string Advanced = "advanced";

    public static IReadOnlyList<string> All { get; } = [Beginner, Intermediate, Advanced];
}
