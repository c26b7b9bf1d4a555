namespace Playground.Lessons;

/// <summary>How lessons are rendered.</summary>
public sealed class LessonRendererOptions
{
    /// <summary>
    /// URL under which lessons' assets/ folders are served: <c>assets/x.png</c> in lesson <c>t/l</c> becomes
    /// <c>{AssetsUrlBase}/t/l/x.png</c>. Serve only the assets/ folder: the lesson files hold the solutions.
    /// </summary>
    public string AssetsUrlBase { get; set; } = "/lessons-assets";
}
