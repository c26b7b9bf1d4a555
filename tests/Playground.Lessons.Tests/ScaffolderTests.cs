namespace Playground.Lessons.Tests;

public class ScaffolderTests
{
    private static readonly IReadOnlySet<string> Environments = new HashSet<string> { "shell" };

    [Theory]
    [InlineData("shell")]
    [InlineData("none")]
    public async Task New_lesson_and_track_validate_clean(string environment)
    {
        using var temp = new TempLessons();
        var result = LessonScaffolder.Create(temp.Root, "linux/first-lesson", environment);

        Assert.True(result.TrackFileCreated);
        Assert.Equal(["lesson.md", "lesson.ko.md", "01-first-step.md", "01-first-step.ko.md", "track.yaml"], result.CreatedFiles.Select(Path.GetFileName));
        var report = await new LessonValidator().ValidateAsync(temp.Root, Environments, TestContext.Current.CancellationToken);
        Assert.Empty(report.Diagnostics);

        var lesson = new LessonCatalog(temp.Root).Find("linux/first-lesson");
        Assert.NotNull(lesson);
        Assert.Equal(["en", "ko"], lesson.Languages);
        Assert.Equal(environment, lesson.Environment);
        Assert.Equal(environment == "shell", lesson.Steps[0].HasChecks);
        Assert.Equal(environment == "none", lesson.Steps[0].HasQuiz);
    }

    [Fact]
    public async Task Second_lesson_is_appended_to_a_flow_list_keeping_comments()
    {
        using var temp = new TempLessons();
        temp.Write("linux/track.yaml", "# my track\ntitle: Linux   # shown in the catalog\norder: 3\nlessons: [first]  # in order\n");
        temp.Write("linux/first/lesson.md", "---\ntitle: F\nsummary: S\nduration: 1\nenvironment: none\n---\n");
        temp.Write("linux/first/01-a.md", "---\ntitle: A\n---\n");

        var result = LessonScaffolder.Create(temp.Root, "linux/second");

        Assert.False(result.TrackFileCreated);
        Assert.Equal("# my track\ntitle: Linux   # shown in the catalog\norder: 3\nlessons: [first, second]  # in order\n", File.ReadAllText(result.TrackFile));
        var report = await new LessonValidator().ValidateAsync(temp.PathOf("linux"), Environments, TestContext.Current.CancellationToken);
        Assert.Empty(report.Errors);
        Assert.Equal(["first", "second"], new LessonCatalog(temp.Root).FindTrack("linux")!.Lessons.Select(l => l.Id));
    }

    [Fact]
    public void Lesson_is_appended_to_a_block_list()
    {
        var yaml = "title: T\nlessons:\n  - one\n  - two   # note\norder: 1\n";
        Assert.Equal("title: T\nlessons:\n  - one\n  - two   # note\n  - three\norder: 1\n", TrackYamlEditor.AppendLesson(yaml, "three"));
        Assert.Equal("title: T\nlessons:\n- a\n- b\n", TrackYamlEditor.AppendLesson("title: T\nlessons:\n- a", "b"));
        Assert.Equal("title: T\nlessons: [x]\n", TrackYamlEditor.AppendLesson("title: T\nlessons: []\n", "x"));
        Assert.Equal("title: T\nlessons: [x]\n", TrackYamlEditor.AppendLesson("title: T\n", "x"));
        Assert.Equal("title: T\nlessons: [x]  # later\n", TrackYamlEditor.AppendLesson("title: T\nlessons:   # later\n", "x"));
    }

    [Fact]
    public void Refuses_to_overwrite_and_writes_nothing()
    {
        using var temp = new TempLessons();
        LessonScaffolder.Create(temp.Root, "linux/first");
        var lessonMd = temp.PathOf("linux/first/lesson.md");
        File.WriteAllText(lessonMd, "mine");

        var error = Assert.Throws<LessonScaffoldException>(() => LessonScaffolder.Create(temp.Root, "linux/first"));
        Assert.Contains("already exists", error.Message);
        Assert.Equal("mine", File.ReadAllText(lessonMd));
    }

    [Theory]
    [InlineData("no-slash")]
    [InlineData("a/b/c")]
    [InlineData("Bad/Name")]
    [InlineData("../escape")]
    public void Rejects_bad_names(string key)
    {
        using var temp = new TempLessons();
        Assert.Throws<LessonScaffoldException>(() => LessonScaffolder.Create(temp.Root, key));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Root));
    }

    [Fact]
    public void Broken_track_yaml_is_left_alone()
    {
        using var temp = new TempLessons();
        temp.Write("t/track.yaml", "title: [broken\n");
        Assert.Throws<LessonScaffoldException>(() => LessonScaffolder.Create(temp.Root, "t/new"));
        Assert.False(Directory.Exists(temp.PathOf("t/new")));
        Assert.Equal("title: [broken\n", File.ReadAllText(temp.PathOf("t/track.yaml")));
    }
}
