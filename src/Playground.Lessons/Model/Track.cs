namespace Playground.Lessons;

/// <summary>A folder of lessons with a track.yaml; <see cref="Lessons"/> in the order track.yaml lists them.</summary>
public sealed record Track(
    string Id,
    string Directory,
    LocalizedText Title,
    LocalizedText Description,
    int Order,
    IReadOnlyList<Lesson> Lessons);
