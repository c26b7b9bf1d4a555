using Microsoft.Extensions.FileProviders;
using Playground.Progress;
using Playground.Web.Hosting;
using Playground.Web.Learners;

namespace Playground.Web.Pages;

/// <summary>
/// The two HTML pages (catalog, lesson) are static shells filled by the front end from the JSON
/// API; lesson assets are served only from each lesson's assets/ folder, since the lesson's
/// own files contain the solutions.
/// </summary>
internal static class PageEndpoints
{
    public static void MapPages(this WebApplication app)
    {
        var webRoot = app.Environment.WebRootPath;
        app.MapGet("/", () => Page(webRoot, "index.html"));
        app.MapGet("/lessons/{track}/{lesson}", async (string track, string lesson, LessonCatalogService lessons, HttpContext http,
                IProgressStore progress, CancellationToken ct) =>
            lessons.Catalog.Find(track, lesson) is null ? await LessonNotFoundAsync(http, progress, ct) : Page(webRoot, "lesson.html"));
        app.MapGet("/lessons-assets/{track}/{lesson}/{**path}", (string track, string lesson, string? path, LessonCatalogService lessons, HttpContext context) =>
        {
            // No file part (also what a `..` climbing out of a lesson's URL normalises to): nothing to serve,
            // and a 404 rather than the 400 of a missing required parameter.
            if (string.IsNullOrEmpty(path) || lessons.Catalog.Find(track, lesson) is not { } found || !Directory.Exists(found.AssetsDirectory))
                return Results.NotFound();
            // PhysicalFileProvider refuses paths that climb out of its root (.., absolute paths).
            using var provider = new PhysicalFileProvider(found.AssetsDirectory);
            var file = provider.GetFileInfo(path);
            if (!file.Exists || file.IsDirectory || file.PhysicalPath is null) return Results.NotFound();
            // Lesson assets are authored content: an HTML or SVG file among them must not run script
            // on Playground's origin, where it could use the learner's cookie.
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
            return Results.File(file.PhysicalPath, ContentTypes.For(file.Name));
        });
    }

    /// <summary>A 404 page for a lesson the catalog does not have, in the learner's language (en/ko); it quotes nothing from the URL.</summary>
    private static async Task<IResult> LessonNotFoundAsync(HttpContext http, IProgressStore progress, CancellationToken ct)
    {
        var ko = await LanguagePreference.ResolveAsync(http, http.Request.Query["lang"], progress, ct) == "ko";
        var (title, text, back) = ko
            ? ("레슨을 찾을 수 없습니다", "이 주소에는 레슨이 없습니다. 레슨 목록에서 골라 주세요.", "레슨 목록으로")
            : ("Lesson not found", "There is no lesson at this address. Pick one from the list of lessons.", "Back to the lessons");
        var html = $"""
            <!doctype html>
            <html lang="{(ko ? "ko" : "en")}" data-theme="light">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Playground</title><link rel="stylesheet" href="/static/css/app.css"></head>
            <body><main><h1>{title}</h1><p>{text}</p><p><a href="/">{back}</a></p></main></body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }

    private static IResult Page(string webRoot, string name)
    {
        var path = Path.Combine(webRoot, "static", name);
        return File.Exists(path)
            ? Results.File(path, "text/html; charset=utf-8")
            : Results.Problem($"The front end is not built ({path} is missing). Build the solution (it runs web/build.mjs).", statusCode: 500);
    }
}

internal static class ContentTypes
{
    private static readonly Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider Provider = new();

    public static string For(string fileName) => Provider.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
}
