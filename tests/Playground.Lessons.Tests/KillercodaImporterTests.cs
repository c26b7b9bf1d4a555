namespace Playground.Lessons.Tests;

/// <summary>Corpus/killercoda holds scenarios written for these tests in Killercoda's format.</summary>
public class KillercodaImporterTests
{
    private static readonly IReadOnlySet<string> Environments = new HashSet<string> { "shell", "docker", "k8s" };

    private static string Scenario(string name) => Path.Combine(TestPaths.Corpus, "killercoda", name);

    [Fact]
    public async Task A_shell_scenario_becomes_a_lesson_that_validates_clean()
    {
        using var temp = new TempLessons();
        var result = KillercodaImporter.Import(Scenario("file-basics"), temp.Root);

        Assert.Equal("shell", result.Environment);
        Assert.Equal(temp.PathOf("imported/file-basics"), result.LessonDirectory);
        var report = await new LessonValidator().ValidateAsync(temp.Root, Environments, TestContext.Current.CancellationToken);
        Assert.True(report.Diagnostics.Count == 0, string.Join("\n", report.Diagnostics));

        var lesson = new LessonCatalog(temp.Root).Find("imported/file-basics")!;
        Assert.Equal("File basics", lesson.Title.Get("en"));
        Assert.Equal(10, lesson.DurationMinutes);
        Assert.Equal(["make-a-folder", "write-a-file", "fix-the-configuration"], lesson.Steps.Select(s => s.Slug));
        // verify.sh is the check; the {{exec}} commands (inline and after the fence) are the solve; {{copy}} is not.
        Assert.Equal("grep -qx hello ~/project/greeting.txt\n", lesson.Steps[1].Checks.Conditions.Single().Run.Text);
        Assert.Equal("echo hello > ~/project/greeting.txt\n", lesson.Steps[1].Solve!.Text);
        Assert.Equal("rm -f ~/project/greeting.txt\n", lesson.Steps[1].Setup!.Text);
        Assert.Equal("mkdir -p ~/project\n", lesson.Steps[0].Solve!.Text);
        // The asset copied to /root on Killercoda is written into the learner's home by the lesson setup.
        Assert.Contains("base64 -d > ~/app.conf <<'PLAYGROUND_ASSET'", lesson.Setup!.Text);
        Assert.Contains("chmod 644 ~/app.conf", lesson.Setup.Text);
        Assert.True(File.Exists(temp.PathOf("imported/file-basics/assets/app.conf")));
        Assert.True(lesson.HasFinish);
        // Killercoda's markers are rendered as Playground run/copy code.
        var html = new LessonRenderer().RenderStep(lesson, 1, "en").Html;
        Assert.Contains("<code class=\"pg-inline\" data-action=\"run\" data-terminal=\"1\" data-interrupt=\"false\">mkdir -p ~/project</code>", html);
        Assert.Contains("data-action=\"copy\"", html);
        Assert.Single(result.Notes); // only the environment decision
        Assert.Contains("environment shell", result.Notes[0]);
    }

    [Fact]
    public async Task What_cannot_be_mapped_is_reported_and_the_rest_still_validates()
    {
        using var temp = new TempLessons();
        var result = KillercodaImporter.Import(Scenario("web-in-a-container"), temp.Root, trackId: "docker-extra", lessonId: "web");

        Assert.Equal("docker", result.Environment);
        var notes = string.Join("\n", result.Notes);
        Assert.Contains("TRAFFIC_HOST1_8080", notes);
        Assert.Contains("HOST2", notes);
        Assert.Contains("'host02' were not copied", notes);
        Assert.Contains("interface", notes);
        Assert.Contains("intro foreground", notes);
        Assert.Contains("step 2: its text marks no command", notes);

        var report = await new LessonValidator().ValidateAsync(temp.Root, Environments, TestContext.Current.CancellationToken);
        Assert.False(report.HasErrors, string.Join("\n", report.Diagnostics));
        var lesson = new LessonCatalog(temp.Root).Find("docker-extra/web")!;
        Assert.Equal(["main", "t2"], lesson.Terminals);
        Assert.Equal(LessonLevels.Intermediate, lesson.Level);
        Assert.Contains("docker version", lesson.Setup!.Text);
        Assert.Contains("~/site/page.html", lesson.Setup.Text);
    }

    [Fact]
    public void Importing_twice_never_overwrites_and_a_folder_without_index_json_is_refused()
    {
        using var temp = new TempLessons();
        KillercodaImporter.Import(Scenario("file-basics"), temp.Root);
        var before = File.ReadAllText(temp.PathOf("imported/file-basics/lesson.md"));
        Assert.Throws<KillercodaImportException>(() => KillercodaImporter.Import(Scenario("file-basics"), temp.Root));
        Assert.Equal(before, File.ReadAllText(temp.PathOf("imported/file-basics/lesson.md")));
        var error = Assert.Throws<KillercodaImportException>(() => KillercodaImporter.Import(temp.Root, temp.Root));
        Assert.Contains("no index.json", error.Message);
        // A second scenario joins the same track.
        KillercodaImporter.Import(Scenario("web-in-a-container"), temp.Root);
        Assert.Contains("web-in-a-container", File.ReadAllText(temp.PathOf("imported/track.yaml")));
    }
}
