namespace Playground.Lessons;

/// <summary>
/// A lesson ("track/lesson") or a whole track ("track", when track.yaml changed) was edited; the catalog has
/// already been reloaded when this is raised.
/// </summary>
public sealed class LessonChangedEventArgs(string key) : EventArgs
{
    public string Key { get; } = key;

    public bool IsTrack => !Key.Contains('/');
}
