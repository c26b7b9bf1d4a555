namespace Playground.Lessons;

/// <summary>The scaffolder refused (bad name, lesson exists, unreadable track.yaml); nothing was written.</summary>
public sealed class LessonScaffoldException(string message) : Exception(message);
