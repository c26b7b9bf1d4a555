using System.Diagnostics;
using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>Author mode: saving a lesson file pushes a `changed` event to open pages and the new text is served.</summary>
public sealed class AuthorModeTests
{
    [Fact]
    public async Task Saving_a_lesson_pushes_a_change_event_and_serves_the_new_text()
    {
        var ct = TestContext.Current.CancellationToken;
        using var lessons = new TestLessons();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Lessons:Root"] = lessons.Root,
            ["Playground:AuthorMode"] = "true",
        }, ct);
        using var learner = server.NewLearner();

        using var events = await learner.Http.GetAsync("/api/author/events", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        Assert.Equal(": connected", await reader.ReadLineAsync(ct));

        var file = Path.Combine(lessons.Root, TestLessons.Track, TestLessons.Untranslated, "lesson.md");
        var saved = Stopwatch.StartNew();
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file, ct)).Replace("exists only in English", "was just edited"), ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string? line;
        do line = await reader.ReadLineAsync(timeout.Token);
        while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));
        saved.Stop();
        Assert.Equal($"data: {{\"lesson\":\"{TestLessons.Track}/{TestLessons.Untranslated}\"}}", line);
        TestContext.Current.SendDiagnosticMessage($"change event {saved.ElapsedMilliseconds} ms after the save");

        var lesson = await learner.GetAsync($"/api/lessons/{TestLessons.Track}/{TestLessons.Untranslated}");
        Assert.Contains("was just edited", lesson.Body);
    }

    [Fact]
    public async Task A_broken_lesson_answers_with_its_errors_and_comes_back_when_the_file_is_fixed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var lessons = new TestLessons();
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string>
        {
            ["Playground:Lessons:Root"] = lessons.Root,
            ["Playground:AuthorMode"] = "true",
        }, ct);
        using var learner = server.NewLearner();
        using var events = await learner.Http.GetAsync("/api/author/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        Assert.Equal(": connected", await reader.ReadLineAsync(ct));
        var path = $"/api/lessons/{TestLessons.Track}/{TestLessons.Untranslated}";
        var file = Path.Combine(lessons.Root, TestLessons.Track, TestLessons.Untranslated, "01-only.md");
        var good = await File.ReadAllTextAsync(file, ct);

        // A YAML mistake: the page gets the validator's file:line:col: message with its hint, not "no lesson".
        await File.WriteAllTextAsync(file, good.Replace("    fail: There is no marker file.", "   fail: There is no marker file."), ct);
        await NextChangeAsync(reader, ct);
        var broken = await learner.GetAsync(path);
        Assert.Equal(422, (int)broken.Status);
        Assert.Contains($"\"problems\":[\"{TestLessons.Track}/{TestLessons.Untranslated}/01-only.md:", broken.Body);
        Assert.Contains("error: invalid YAML", broken.Body);
        Assert.Contains("hint:", broken.Body);
        Assert.DoesNotContain(lessons.Root, broken.Body);

        // Fixed: the same URL serves the lesson again, with no restart and no reload by hand.
        await File.WriteAllTextAsync(file, good, ct);
        await NextChangeAsync(reader, ct);
        var fixedLesson = await learner.GetAsync(path);
        Assert.Equal(200, (int)fixedLesson.Status);
        Assert.Contains("The only step", fixedLesson.Body);
    }

    [Fact]
    public async Task Without_author_mode_a_broken_lesson_is_just_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        using var lessons = new TestLessons();
        var file = Path.Combine(lessons.Root, TestLessons.Track, TestLessons.Untranslated, "01-only.md");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file, ct)).Replace("    fail:", "   fail:"), ct);
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:Lessons:Root"] = lessons.Root }, ct);
        using var learner = server.NewLearner();
        var reply = await learner.GetAsync($"/api/lessons/{TestLessons.Track}/{TestLessons.Untranslated}");
        Assert.Equal(404, (int)reply.Status);
        Assert.DoesNotContain("problems", reply.Body);
    }

    private static async Task NextChangeAsync(StreamReader reader, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        string? line;
        do line = await reader.ReadLineAsync(timeout.Token);
        while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));
        Assert.Equal($"data: {{\"lesson\":\"{TestLessons.Track}/{TestLessons.Untranslated}\"}}", line);
    }

    [Fact]
    public async Task Without_author_mode_there_is_no_event_stream()
    {
        await using var server = await PlaygroundServer.StartAsync(ct: TestContext.Current.CancellationToken);
        using var learner = server.NewLearner();
        var reply = await learner.GetAsync("/api/author/events");
        Assert.Equal(404, (int)reply.Status);
    }
}
