namespace Playground.Lessons;

/// <summary>A lesson folder name as listed in track.yaml, with its line there.</summary>
internal sealed record ListedLesson(string Folder, int Line);

/// <summary>The contents of a track.yaml.</summary>
internal sealed record TrackDefinition(
    string Id,
    string Directory,
    string File,
    LocalizedText Title,
    LocalizedText Description,
    int Order,
    IReadOnlyList<ListedLesson> Lessons,
    int LessonsLine);
