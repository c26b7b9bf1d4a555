namespace Playground.Lessons;

/// <summary>Where the lessons live and whether authors are editing them live.</summary>
public sealed class LessonsOptions
{
    /// <summary>The lessons root: one folder per track, each with a track.yaml.</summary>
    public string Root { get; set; } = "lessons";

    /// <summary>Author mode: watch the files and reload pages within a second of a save.</summary>
    public bool AuthorMode { get; set; }
}
