using Microsoft.Extensions.FileProviders;
using Playground.Web.Hosting;

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
        app.MapGet("/lessons/{track}/{lesson}", (string track, string lesson) => Page(webRoot, "lesson.html"));
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
