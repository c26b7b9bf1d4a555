namespace Playground.Lessons.Tests;

/// <summary>lessons/getting-started is the format's living example: it must stay clean.</summary>
public class SampleTrackTests
{
    private static string SampleTrack => Path.Combine(TestPaths.LessonsRoot, "getting-started");

    [Fact]
    public async Task Sample_track_validates_without_errors_or_warnings()
    {
        var report = await new LessonValidator().ValidateAsync(SampleTrack, new HashSet<string> { "shell" }, TestContext.Current.CancellationToken);
        Assert.True(report.Diagnostics.Count == 0, string.Join("\n", report.Diagnostics));
        Assert.Equal(1, report.LessonCount);
    }

    [Fact]
    public void Sample_lesson_loads_in_both_languages()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(SampleTrack, "getting-started");
        var catalog = new LessonCatalog(temp.Root);

        Assert.Empty(catalog.Problems);
        var lesson = catalog.Find("getting-started/first-steps")!;
        Assert.Equal(["en", "ko"], lesson.Languages);
        Assert.Equal(3, lesson.Steps.Count);
        Assert.All(lesson.Steps, s => Assert.False(s.IsFallback("ko")));
        Assert.True(lesson.Steps[2].HasQuiz);

        var korean = new LessonRenderer().RenderLesson(lesson, "ko");
        Assert.False(korean.IsFallback);
        Assert.Equal("터미널 첫걸음", korean.Title);
        Assert.Contains("<form class=\"pg-quiz\" data-quiz-step=\"3\">", korean.Steps[2].Html);
        Assert.Contains("src=\"/lessons-assets/getting-started/first-steps/layout.svg\"", korean.Intro.Html);
        Assert.Contains("<code class=\"pg-inline\" data-action=\"run\" data-terminal=\"1\" data-interrupt=\"false\">pwd</code>", korean.Intro.Html);
        Assert.Contains("<pre class=\"mermaid\">", korean.Finish!.Html);
        Assert.Equal("홈 폴더에 아직 hello.txt 파일이 없습니다.", lesson.Steps[0].FailText("exists", "ko"));
    }
}
