using System.Net;
using Microsoft.Extensions.FileProviders;
using Playground.Sandboxes.Environments;
using Playground.Web.Hosting;

namespace Playground.Web.Pages;

/// <summary>
/// The two HTML pages (catalog, lesson) are shells filled by the front end from the JSON API; the lesson page
/// carries one hint, the terminal environment to start (see <see cref="LessonPage"/>). Lesson assets are served
/// only from each lesson's assets/ folder, since the lesson's own files contain the solutions.
/// </summary>
internal static class PageEndpoints
{
    public static void MapPages(this WebApplication app)
    {
        var webRoot = app.Environment.WebRootPath;
        app.MapGet("/", () => Page(webRoot, "index.html"));
        var lessonPage = new PageFile(Path.Combine(webRoot, "static", "lesson.html"));
        app.MapGet("/lessons/{track}/{lesson}", (string track, string lesson, LessonCatalogService lessons, EnvironmentCatalog environments, CancellationToken ct) =>
            LessonPage(webRoot, lessonPage, track, lesson, lessons, environments, ct));
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

    /// <summary>The placeholder in lesson.html that <see cref="LessonPage"/> fills.</summary>
    internal const string EnvironmentHint = "<meta name=\"pg-terminal-environment\" content=\"\">";

    /// <summary>
    /// lesson.html with the name of the lesson's terminal environment in its <c>pg-terminal-environment</c> meta tag
    /// when the lesson has one and it is available, else empty. early.js reads it to ask for the workspace at once,
    /// beside the lesson's JSON instead of after it (issue 13, time to a usable prompt). Not a secret: the lesson API
    /// says the same to anyone.
    /// </summary>
    private static async Task<IResult> LessonPage(string webRoot, PageFile page, string track, string lesson, LessonCatalogService lessons, EnvironmentCatalog environments, CancellationToken ct)
    {
        if (await page.ReadAsync(ct) is not { } html) return Page(webRoot, "lesson.html");
        var environment = "";
        if (lessons.Catalog.Find(track, lesson) is { NeedsSandbox: true } found && (await environments.GetAvailabilityAsync(found.Environment, ct)).Available)
            environment = found.Environment;
        html = html.Replace(EnvironmentHint, $"<meta name=\"pg-terminal-environment\" content=\"{WebUtility.HtmlEncode(environment)}\">", StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8");
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

/// <summary>
/// A page file's text, read again only when the file changes (a rebuilt front end): the lesson page is filled on every
/// request, and its template need not be read from disk each time.
/// </summary>
internal sealed class PageFile(string path)
{
    private sealed record Snapshot(DateTime WrittenUtc, string Text);

    private Snapshot? _snapshot;

    /// <summary>The file's text, or null when it does not exist.</summary>
    public async Task<string?> ReadAsync(CancellationToken ct)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return null;
        if (_snapshot is { } known && known.WrittenUtc == file.LastWriteTimeUtc) return known.Text;
        var text = await File.ReadAllTextAsync(path, ct);
        _snapshot = new Snapshot(file.LastWriteTimeUtc, text);
        return text;
    }
}
