namespace Playground.Lessons;

/// <summary>
/// What <see cref="KillercodaImporter.Import"/> wrote, and what it could not carry over: each note names the
/// scenario file and says what happened to it, so the author knows what to check by hand.
/// </summary>
public sealed record ImportResult(string LessonDirectory, string Environment, IReadOnlyList<string> CreatedFiles, string TrackFile, IReadOnlyList<string> Notes);
