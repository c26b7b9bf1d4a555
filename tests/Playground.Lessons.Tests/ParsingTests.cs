namespace Playground.Lessons.Tests;

public class ParsingTests
{
    private static Lesson LoadGood()
    {
        var catalog = new LessonCatalog(TestPaths.GoodCorpus);
        Assert.DoesNotContain(catalog.Problems, p => p.IsError);
        return catalog.Find("good-track", "ok-lesson") ?? throw new InvalidOperationException("ok-lesson did not load");
    }

    [Fact]
    public void Lesson_front_matter_is_read()
    {
        var lesson = LoadGood();
        Assert.Equal("ok-lesson", lesson.Id);
        Assert.Equal("good-track", lesson.TrackId);
        Assert.Equal("good-track/ok-lesson", lesson.Key);
        Assert.Equal("OK lesson", lesson.Title.Get("en"));
        Assert.Equal("정상 레슨", lesson.Title.Get("ko"));
        Assert.Equal("A lesson without problems.", lesson.Summary.Get("fr"));
        Assert.Equal("intermediate", lesson.Level);
        Assert.Equal(12, lesson.DurationMinutes);
        Assert.Equal("shell", lesson.Environment);
        Assert.Equal(["main", "second"], lesson.Terminals);
        Assert.Equal(["a", "b"], lesson.Tags);
        Assert.Equal(ShowSolutionPolicy.Always, lesson.ShowSolution);
        Assert.Equal("mkdir -p ~/work\n", lesson.Setup!.Text);
        Assert.Equal(10, lesson.Setup.Line);
        Assert.Equal(["en", "ko"], lesson.Languages);
        Assert.True(lesson.HasFinish);
        Assert.Equal(2, lesson.Steps.Count);
    }

    [Fact]
    public void Step_checks_keep_ids_needs_and_source_lines()
    {
        var step = LoadGood().Steps[0];
        Assert.Equal(1, step.Number);
        Assert.Equal("make-file", step.Slug);
        Assert.Equal(CheckMode.Watch, step.Checks.Mode);
        Assert.Equal(5, step.Checks.TimeoutSeconds);
        Assert.False(step.Checks.ExpectInitialFail);

        var (exists, second) = (step.Checks.Conditions[0], step.Checks.Conditions[1]);
        Assert.Equal("exists", exists.Id);
        Assert.Equal("test -f ~/work/a.txt", exists.Run.Text);
        Assert.Equal(7, exists.Line);
        Assert.Equal(8, exists.Run.Line);
        Assert.Equal("a.txt is missing.", exists.Fail);
        Assert.Empty(exists.Needs);

        Assert.Equal("c2", second.Id);
        Assert.Equal("grep -q hello ~/work/a.txt\n", second.Run.Text);
        Assert.Equal(11, second.Run.Line);
        Assert.Equal(["exists"], second.Needs);

        Assert.Equal("echo hello > ~/work/a.txt\n", step.Solve!.Text);
        Assert.Equal(18, step.Solve.Line);
        Assert.Equal(["Use `echo`.", "`echo hello > ~/work/a.txt`"], step.BaseText.Hints);
        Assert.Equal("```bash copy\necho hello > ~/work/a.txt\n```\n", step.BaseText.Solution);
        Assert.Equal(20, step.BaseText.BodyLine);
        Assert.True(step.HasChecks);
        Assert.False(step.HasQuiz);
    }

    [Fact]
    public void Quiz_questions_are_parsed_with_answers_and_lines()
    {
        var quiz = LoadGood().Steps[1];
        Assert.True(quiz.HasQuiz);
        Assert.False(quiz.HasChecks);
        var questions = quiz.BaseText.Quizzes;
        Assert.Equal(["q1", "q2", "q3", "q4"], questions.Select(q => q.Id));
        Assert.Equal([QuizType.Single, QuizType.Multiple, QuizType.Text, QuizType.Numeric], questions.Select(q => q.Type));
        Assert.Equal(7, questions[0].Line);
        Assert.Equal(["Amazon EC2"], questions[0].Answers);
        Assert.Equal(["Gmail", "Cloud Foundry"], questions[0].Distractors);
        Assert.Equal("EC2 rents virtual machines.", questions[0].Explanation);
        Assert.Equal(3, questions[0].Choices.Count);
        Assert.Single(questions[0].Choices, c => c.IsAnswer);
        Assert.Equal(2, questions[1].Choices.Count(c => c.IsAnswer));
        Assert.Equal(["docker ps", "docker container ls"], questions[2].Answers);
        Assert.Empty(questions[2].Choices);
        Assert.Equal(0.005, questions[3].Tolerance);
    }

    [Fact]
    public void Translation_overrides_texts_and_keeps_the_base_for_the_rest()
    {
        var step = LoadGood().Steps[0];
        var korean = step.Text("ko");
        Assert.Equal("ko", korean.Language);
        Assert.Equal("파일 만들기", korean.Title);
        Assert.Equal("`echo`를 쓰세요.", korean.Hints[0]);
        Assert.Equal("a.txt가 없습니다.", step.FailText("exists", "ko"));
        Assert.Equal("a.txt does not say hello.", step.FailText("c2", "ko"));
        Assert.Equal(step.BaseText.Solution, korean.Solution);
        Assert.False(step.IsFallback("ko"));
    }

    [Fact]
    public void Missing_translation_falls_back_to_english_with_a_flag()
    {
        var lesson = LoadGood();
        var quiz = lesson.Steps[1];
        Assert.True(quiz.IsFallback("ko"));
        Assert.Equal("en", quiz.Text("ko").Language);
        Assert.Equal("Quiz", quiz.Text("ko").Title);
        Assert.False(quiz.IsFallback("en"));
        Assert.True(lesson.Steps[0].IsFallback("ja"));
        Assert.Equal("Done", lesson.FinishPage("ko")!.Title);
        Assert.Equal("en", lesson.FinishPage("ko")!.Language);
    }

    [Fact]
    public void Renderer_reports_fallback_per_page()
    {
        var lesson = LoadGood();
        var renderer = new LessonRenderer();
        var translated = renderer.RenderStep(lesson, 1, "ko");
        Assert.False(translated.IsFallback);
        Assert.Equal("파일 만들기", translated.Title);
        Assert.Equal("<p><code>a.txt</code>에 hello를 쓰세요.</p>\n", translated.Html);

        var fallback = renderer.RenderStep(lesson, 2, "ko");
        Assert.True(fallback.IsFallback);
        Assert.Equal("en", fallback.Language);
        Assert.Equal("Quiz", fallback.Title);

        Assert.False(renderer.RenderIntro(lesson, "ko").IsFallback);
        Assert.True(renderer.RenderFinish(lesson, "ko")!.IsFallback);
        Assert.True(renderer.RenderLesson(lesson, "ja").IsFallback);
        Assert.False(renderer.RenderLesson(lesson, "ko-KR").IsFallback);
    }

    [Fact]
    public void Rendered_step_has_hints_and_solution_html()
    {
        var lesson = LoadGood();
        var step = new LessonRenderer().RenderStep(lesson, 1, "en");
        Assert.Equal(["<p>Use <code>echo</code>.</p>\n", "<p><code>echo hello &gt; ~/work/a.txt</code></p>\n"], step.HintsHtml);
        Assert.Equal("<div class=\"pg-code\" data-action=\"copy\"><pre><code class=\"language-bash\">echo hello &gt; ~/work/a.txt\n</code></pre></div>\n", step.SolutionHtml);
        Assert.Contains("data-terminal=\"2\"", step.Html);
    }

    [Fact]
    public void Intro_assets_point_at_the_lesson_assets_url()
    {
        var lesson = LoadGood();
        var intro = new LessonRenderer(new LessonRendererOptions { AssetsUrlBase = "/lessons-assets" }).RenderIntro(lesson, "en");
        Assert.Equal("OK lesson", intro.Title);
        Assert.Equal("<h1 id=\"welcome\">Welcome</h1>\n<p><img src=\"/lessons-assets/good-track/ok-lesson/pic.png\" alt=\"pic\"></p>\n", intro.Html);
    }

    [Fact]
    public void Rendering_is_cached_per_lesson_instance_and_a_reload_renders_again()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        var catalog = new LessonCatalog(temp.Root);
        var renderer = new LessonRenderer();
        var first = renderer.RenderStep(catalog.Find("good-track/ok-lesson")!, 1, "en");
        Assert.Same(first, renderer.RenderStep(catalog.Find("good-track/ok-lesson")!, 1, "en"));

        var stepFile = temp.PathOf("good-track/ok-lesson/01-make-file.md");
        File.WriteAllText(stepFile, File.ReadAllText(stepFile).Replace("Write hello into", "Now write hello into"));
        catalog.Reload();
        var second = renderer.RenderStep(catalog.Find("good-track/ok-lesson")!, 1, "en");
        Assert.NotSame(first, second);
        Assert.Contains("Now write hello into", second.Html);
    }

    [Fact]
    public void Windows_line_endings_and_bom_are_accepted()
    {
        using var temp = new TempLessons();
        temp.WriteLesson("title: One\n", "Body\n");
        var path = temp.PathOf("t/l/lesson.md");
        File.WriteAllText(path, "\uFEFF" + File.ReadAllText(path).Replace("\n", "\r\n"));
        var catalog = new LessonCatalog(temp.Root);
        Assert.DoesNotContain(catalog.Problems, p => p.IsError);
        Assert.Equal("L", catalog.Find("t/l")!.Title.Get("en"));
    }

    [Fact]
    public void Lesson_id_may_differ_from_the_folder()
    {
        using var temp = new TempLessons();
        temp.WriteLesson("title: One\n", "Body\n", lessonExtra: "id: renamed\n");
        var catalog = new LessonCatalog(temp.Root);
        Assert.NotNull(catalog.Find("t", "renamed"));
        Assert.Null(catalog.Find("t", "l"));
    }

    [Fact]
    public void Defaults_apply_when_keys_are_left_out()
    {
        using var temp = new TempLessons();
        temp.WriteLesson("title: One\n", "Body\n", environment: "none");
        var lesson = new LessonCatalog(temp.Root).Find("t/l")!;
        Assert.Equal("beginner", lesson.Level);
        Assert.Equal(["main"], lesson.Terminals);
        Assert.Equal(ShowSolutionPolicy.AfterFailure, lesson.ShowSolution);
        Assert.False(lesson.NeedsSandbox);
        var step = lesson.Steps[0];
        Assert.Equal(CheckMode.Click, step.Checks.Mode);
        Assert.Equal(10, step.Checks.TimeoutSeconds);
        Assert.True(step.Checks.ExpectInitialFail);
        Assert.Null(step.BaseText.Solution);
        Assert.False(lesson.HasFinish);
        Assert.Null(new LessonRenderer().RenderFinish(lesson, "en"));
    }
}
