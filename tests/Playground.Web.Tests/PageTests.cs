using System.Net;
using System.Net.Sockets;
using System.Text;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>The HTML shells, the front end's static files and the lesson assets, through the real pipeline.</summary>
public sealed class PageTests(CurriculumServer fixture) : IClassFixture<CurriculumServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/lessons/getting-started/first-steps")]
    public async Task Pages_are_served_as_html(string path)
    {
        using var learner = fixture.Server.NewLearner();
        var response = await learner.Http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The lesson page names the terminal environment early.js starts at once (issue 13, time to a usable prompt): the
    /// same answer the lesson API gives (name when available, else empty), for a shell, a docker, a Kubernetes (its
    /// image is not on every machine) and a terminal-less lesson; empty for an unknown lesson.
    /// </summary>
    [Theory]
    [InlineData("getting-started", "first-steps")]
    [InlineData("docker", "first-container")]
    [InlineData("kubernetes", "deployments")]
    [InlineData("virtualization", "hypervisors")]
    [InlineData("getting-started", "no-such-lesson")]
    public async Task Lesson_page_names_the_terminal_environment_the_lesson_api_offers(string track, string lesson)
    {
        using var learner = fixture.Server.NewLearner();
        var html = await learner.Http.GetStringAsync($"/lessons/{track}/{lesson}", Ct);
        var api = await learner.LessonAsync(track, lesson);

        var expected = "";
        if (api.Status == HttpStatusCode.OK && api.Json!["environment"] is { } environment
            && environment["available"]!.GetValue<bool>() && environment["name"]!.GetValue<string>() != "none")
            expected = environment["name"]!.GetValue<string>();
        Assert.Contains($"<meta name=\"pg-terminal-environment\" content=\"{expected}\">", html);
        Assert.Equal(1, html.Split("pg-terminal-environment").Length - 1);
    }

    [Theory]
    [InlineData("/vendor/xterm/xterm.mjs", "javascript")]
    [InlineData("/vendor/xterm/xterm.css", "text/css")]
    [InlineData("/static/js/protocol.js", "javascript")]
    [InlineData("/static/app/lesson.js", "javascript")]
    [InlineData("/static/app/catalog.js", "javascript")]
    [InlineData("/static/app/join.js", "javascript")]
    [InlineData("/static/app/instructor.js", "javascript")]
    [InlineData("/static/css/app.css", "text/css")]
    public async Task Front_end_files_are_served(string path, string contentType)
    {
        using var learner = fixture.Server.NewLearner();
        var response = await learner.Http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contentType, response.Content.Headers.ContentType?.MediaType ?? "");
        Assert.True((await response.Content.ReadAsByteArrayAsync(Ct)).Length > 0);
    }

    [Fact]
    public async Task Lesson_asset_is_served_at_the_url_the_rendered_lesson_uses()
    {
        using var learner = fixture.Server.NewLearner();
        var intro = (await learner.LessonAsync()).Ok()["introHtml"]!.GetValue<string>();
        Assert.Contains("/lessons-assets/getting-started/first-steps/layout.svg", intro);

        var response = await learner.Http.GetAsync("/lessons-assets/getting-started/first-steps/layout.svg", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Sent over a raw socket: HttpClient would resolve the dot segments itself. The lesson's own files
    /// (which hold the solve scripts) sit one level above assets/.
    /// </summary>
    [Theory]
    [InlineData("/lessons-assets/getting-started/first-steps/../lesson.md")]
    [InlineData("/lessons-assets/getting-started/first-steps/../01-create-a-file.md")]
    [InlineData("/lessons-assets/getting-started/first-steps/%2e%2e/01-create-a-file.md")]
    [InlineData("/lessons-assets/getting-started/first-steps/..%2f01-create-a-file.md")]
    [InlineData("/lessons-assets/getting-started/first-steps/..%2F..%2Fgetting-started%2Ftrack.yaml")]
    [InlineData("/lessons-assets/getting-started/first-steps/..%5c01-create-a-file.md")]
    [InlineData("/lessons-assets/getting-started/first-steps/%2fetc%2fpasswd")]
    [InlineData("/lessons-assets/getting-started/first-steps//etc/passwd")]
    [InlineData("/lessons-assets/getting-started/first-steps/assets/../../01-create-a-file.md")]
    [InlineData("/lessons-assets/getting-started/../getting-started/first-steps/01-create-a-file.md")]
    [InlineData("/lessons-assets/getting-started/first-steps")]
    [InlineData("/lessons-assets/getting-started/first-steps/")]
    public async Task Lesson_assets_cannot_escape_their_folder(string rawPath)
    {
        var (status, body) = await RawGetAsync(rawPath);

        Assert.True(status == 404, $"{rawPath} answered {status}: {body}");
        Assert.DoesNotContain("solve:", body);
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("title:", body);
    }

    private async Task<(int Status, string Body)> RawGetAsync(string rawPath)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Server.BaseUri.Host, fixture.Server.BaseUri.Port, Ct);
        var stream = tcp.GetStream();
        var request = $"GET {rawPath} HTTP/1.1\r\nHost: {fixture.Server.BaseUri.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(Ct);
        var statusLine = response[..response.IndexOf("\r\n", StringComparison.Ordinal)];
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (int.Parse(statusLine.Split(' ')[1]), body);
    }
}
