namespace Playground.Lessons;

/// <summary>
/// A bash script from a lesson file (setup, a check's run, solve), with the file and the line of its first
/// line so errors found when it runs can point back at the source.
/// </summary>
public sealed record LessonScript(string Text, string File, int Line);
