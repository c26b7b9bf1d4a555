namespace Playground.Lessons.Tests;

internal static class Render
{
    public static string Html(string markdown, string language = "en", string? assetsUrl = "/lessons-assets/t/l") =>
        LessonHtmlWriter.Render(markdown, new MarkdownRenderContext(language, assetsUrl));
}
