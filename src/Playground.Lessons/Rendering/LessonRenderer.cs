using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Playground.Lessons;

/// <summary>
/// Renders lessons to HTML per the front end's contract. Results are cached per (lesson, page, language);
/// the cache hangs off the <see cref="Lesson"/> instance, and a catalog reload creates new instances, so a
/// reload invalidates it without any bookkeeping.
/// </summary>
public sealed class LessonRenderer
{
    private readonly LessonRendererOptions _options;
    private readonly ConditionalWeakTable<Lesson, ConcurrentDictionary<(string Page, int Step, string Language), object>> _cache = new();

    /// <summary>A renderer with <paramref name="options"/> (defaults when null).</summary>
    public LessonRenderer(LessonRendererOptions? options = null) => _options = options ?? new LessonRendererOptions();

    /// <summary>Where this lesson's assets/ folder is served.</summary>
    public string AssetsUrl(Lesson lesson) =>
        $"{_options.AssetsUrlBase.TrimEnd('/')}/{Uri.EscapeDataString(lesson.TrackId)}/{Uri.EscapeDataString(lesson.Id)}";

    /// <summary>Renders every page of <paramref name="lesson"/> in <paramref name="language"/> to sanitized HTML.</summary>
    public RenderedLesson RenderLesson(Lesson lesson, string language)
    {
        language = LessonLanguages.Normalize(language);
        return new RenderedLesson(
            lesson.Title.Get(language),
            lesson.Summary.Get(language),
            language,
            language != LessonLanguages.Base && !lesson.HasLanguage(language),
            RenderIntro(lesson, language),
            RenderFinish(lesson, language),
            lesson.Steps.Select(s => RenderStep(lesson, s.Number, language)).ToList());
    }

    /// <summary>Renders the introduction page of <paramref name="lesson"/> in <paramref name="language"/>.</summary>
    public RenderedPage RenderIntro(Lesson lesson, string language)
    {
        language = LessonLanguages.Normalize(language);
        return Cached(lesson, "intro", 0, language, () =>
        {
            var page = lesson.IntroPage(language);
            var html = RenderPage(lesson, page);
            return new RenderedPage(lesson.Title.Get(language), html, page.Language != language, page.Language);
        });
    }

    /// <summary>The finish page, or null when the lesson has no finish.md.</summary>
    public RenderedPage? RenderFinish(Lesson lesson, string language)
    {
        language = LessonLanguages.Normalize(language);
        if (!lesson.HasFinish) return null;
        return Cached(lesson, "finish", 0, language, () =>
        {
            var page = lesson.FinishPage(language)!;
            return new RenderedPage(page.Title, RenderPage(lesson, page), page.Language != language, page.Language);
        });
    }

    /// <exception cref="ArgumentOutOfRangeException">The lesson has no step <paramref name="stepNumber"/>.</exception>
    public RenderedStep RenderStep(Lesson lesson, int stepNumber, string language)
    {
        language = LessonLanguages.Normalize(language);
        var step = lesson.FindStep(stepNumber)
                   ?? throw new ArgumentOutOfRangeException(nameof(stepNumber), stepNumber, $"{lesson.Key} has no step {stepNumber}");
        return Cached(lesson, "step", stepNumber, language, () =>
        {
            var text = step.Text(language);
            var context = new MarkdownRenderContext(text.Language, AssetsUrl(lesson), step.Number, text.BodyLine, text.Quizzes);
            var hintContext = context with { StepNumber = null, Quizzes = null };
            return new RenderedStep(
                step.Number,
                step.Slug,
                text.Title,
                LessonHtmlWriter.Render(text.Body, context),
                step.IsFallback(language),
                text.Language,
                text.Hints.Select(h => LessonHtmlWriter.Render(h, hintContext)).ToList(),
                text.Solution is null ? null : LessonHtmlWriter.Render(text.Solution, hintContext),
                text.Quizzes);
        });
    }

    /// <summary>Renders any lesson Markdown (no quizzes) with the lesson dialect and safety rules.</summary>
    public string RenderMarkdown(string markdown, string language = LessonLanguages.Base, Lesson? lesson = null) =>
        LessonHtmlWriter.Render(markdown, new MarkdownRenderContext(LessonLanguages.Normalize(language), lesson is null ? null : AssetsUrl(lesson)));

    /// <summary>
    /// A short text such as a check's fail text as inline HTML: <c>`code`</c>, <c>**bold**</c>, links; no blocks.
    /// Sanitized; safe to insert with innerHTML. Empty for null or blank text.
    /// </summary>
    public string RenderInlineMarkdown(string? text, string language = LessonLanguages.Base, Lesson? lesson = null) =>
        string.IsNullOrWhiteSpace(text) ? ""
        : LessonHtmlWriter.RenderInlineOnly(text.Trim(), new MarkdownRenderContext(LessonLanguages.Normalize(language), lesson is null ? null : AssetsUrl(lesson)));

    private string RenderPage(Lesson lesson, LessonPage page) =>
        LessonHtmlWriter.Render(page.Body, new MarkdownRenderContext(page.Language, AssetsUrl(lesson), BodyLine: page.BodyLine));

    private T Cached<T>(Lesson lesson, string page, int step, string language, Func<T> render) where T : class =>
        (T)_cache.GetValue(lesson, _ => new()).GetOrAdd((page, step, language), _ => render());
}
