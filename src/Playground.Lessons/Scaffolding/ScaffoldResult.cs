namespace Playground.Lessons;

/// <summary>What <see cref="LessonScaffolder.Create"/> wrote.</summary>
public sealed record ScaffoldResult(string LessonDirectory, IReadOnlyList<string> CreatedFiles, string TrackFile, bool TrackFileCreated);
