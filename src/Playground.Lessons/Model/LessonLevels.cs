namespace Playground.Lessons;

/// <summary>The allowed values of a lesson's <c>level</c>.</summary>
public static class LessonLevels
{
    /// <summary>For learners new to the subject.</summary>
    public const string Beginner = "beginner";
    /// <summary>For learners who know the basics.</summary>
    public const string Intermediate = "intermediate";
    /// <summary>For experienced learners.</summary>
    public const string Advanced = "advanced";

    /// <summary>Every level, easiest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Beginner, Intermediate, Advanced];
}
