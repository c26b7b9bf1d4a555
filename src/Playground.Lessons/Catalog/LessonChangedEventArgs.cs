namespace Playground.Lessons;

/// <summary>
/// A lesson ("track/lesson") or a whole track ("track", when track.yaml changed) was edited; the catalog has
/// already been reloaded when this is raised.
/// </summary>
public sealed class LessonChangedEventArgs(string key) : EventArgs
{
    /// <summary>The changed lesson (<c>track/lesson</c>) or track id.</summary>
    public string Key { get; } = key;

    /// <summary>Whether a whole track changed.</summary>
    public bool IsTrack => !Key.Contains('/');
}
