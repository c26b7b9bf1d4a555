namespace Playground.Lessons;

/// <summary>A parsed lesson folder <c>lessons/&lt;track&gt;/&lt;lesson&gt;/</c>.</summary>
public sealed record Lesson(
    string Id,
    string TrackId,
    string Directory,
    string File,
    LocalizedText Title,
    LocalizedText Summary,
    string Level,
    int DurationMinutes,
    string Environment,
    IReadOnlyList<string> Terminals,
    IReadOnlyList<string> Tags,
    LessonScript? Setup,
    ShowSolutionPolicy ShowSolution,
    IReadOnlyDictionary<string, LessonPage> Intro,
    IReadOnlyList<Step> Steps,
    IReadOnlyDictionary<string, LessonPage> Finish,
    IReadOnlyList<string> Languages)
{
    /// <summary>The environment value of a lesson without a terminal (quiz-only).</summary>
    public const string NoEnvironment = "none";

    /// <summary>"track/lesson": the lesson's identity in URLs and progress.</summary>
    public string Key => $"{TrackId}/{Id}";

    /// <summary>Whether the lesson needs a sandbox (its environment is not <c>none</c>).</summary>
    public bool NeedsSandbox => Environment != NoEnvironment;

    /// <summary>Whether the lesson has a finish page.</summary>
    public bool HasFinish => Finish.Count > 0;

    /// <summary>The assets folder; only this folder may be served to browsers (lesson files contain the solutions).</summary>
    public string AssetsDirectory => Path.Combine(Directory, "assets");

    /// <summary>Step <paramref name="number"/> (1-based), or null.</summary>
    public Step? FindStep(int number) => number >= 1 && number <= Steps.Count ? Steps[number - 1] : null;

    /// <summary>Whether the lesson is written in <paramref name="language"/>.</summary>
    public bool HasLanguage(string language) => Languages.Contains(language);

    /// <summary>The introduction page in <paramref name="language"/> (English where not translated).</summary>
    public LessonPage IntroPage(string language) =>
        Intro.TryGetValue(language, out var page) ? page : Intro[LessonLanguages.Base];

    /// <summary>The finish page in <paramref name="language"/>, or null when there is none.</summary>
    public LessonPage? FinishPage(string language) =>
        Finish.TryGetValue(language, out var page) ? page : Finish.GetValueOrDefault(LessonLanguages.Base);
}
