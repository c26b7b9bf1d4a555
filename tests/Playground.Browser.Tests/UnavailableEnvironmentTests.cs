using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>
/// A server whose lessons root (a temporary folder) holds a lesson for the k8s environment, whose image is not
/// built on machines without registry access, and a quiz-only lesson (environment none).
/// </summary>
public sealed class TemporaryLessonsBrowser : BrowserFixture
{
    public const string Track = "ops";
    public const string ClusterLesson = "cluster";
    public const string ReadingLesson = "reading";
    public const string TwoShellsLesson = "two-shells";
    public const string QuizLesson = "quizzes";
    public const string K8sImage = "playground/k8s:1";

    public string LessonsRoot { get; } = Path.Combine(Path.GetTempPath(), "pg-browser-lessons-" + Guid.NewGuid().ToString("N")[..8]);

    protected override IReadOnlyDictionary<string, string> ServerSettings()
    {
        Write("ops/track.yaml", """
            title: {en: Operations, ko: 운영}
            description: {en: "Lessons for the browser tests.", ko: "브라우저 테스트용 레슨."}
            order: 1
            lessons: [cluster, reading, two-shells, quizzes]
            """);
        Write("ops/cluster/lesson.md", """
            ---
            title: A cluster of your own
            summary: Look at the nodes of a Kubernetes cluster.
            level: beginner
            duration: 5
            environment: k8s
            ---
            A single-node cluster runs beside this lesson.
            """);
        Write("ops/cluster/01-nodes.md", """
            ---
            title: List the nodes
            checks:
              - id: nodes
                run: kubectl get nodes
                fail: kubectl cannot list the nodes.
            solve: |
              kubectl get nodes
            ---
            List the nodes:

            ```bash run
            kubectl get nodes
            ```
            """);
        Write("ops/reading/lesson.md", """
            ---
            title: Reading only
            level: beginner
            duration: 2
            environment: none
            ---
            There is no terminal in this lesson.
            """);
        Write("ops/reading/01-question.md", """
            ---
            title: One question
            ---
            ```quiz
            - id: q1
              type: numeric
              question: How many terminals does this lesson have?
              answer: 0
            ```
            """);
        Write("ops/two-shells/lesson.md", """
            ---
            title: Two shells
            level: beginner
            duration: 5
            environment: shell
            terminals: [main, side]
            ---
            Two terminals into one sandbox.
            """);
        Write("ops/two-shells/01-look.md", """
            ---
            title: Look around
            ---
            Type in either terminal.
            """);
        Write("ops/quizzes/lesson.md", """
            ---
            title: Quizzes that teach
            level: beginner
            duration: 5
            environment: none
            ---
            Questions with a limit.
            """);
        Write("ops/quizzes/01-gate.md", """
            ---
            title: A required quiz
            quiz_attempts: 2
            quiz_required: true
            ---
            ```quiz
            - id: color
              type: single
              question: Which colour is the sky on a clear day?
              answer: blue
              distractors: [green, red]
              explanation: Air scatters blue light the most.
            - id: sum
              type: numeric
              question: How much is 2 + 2?
              answer: 4
              explanation: Two and two are four.
            ```
            """);
        Write("ops/quizzes/02-after.md", """
            ---
            title: After the gate
            ---
            You made it.
            """);
        return new Dictionary<string, string> { ["Playground:Lessons:Root"] = LessonsRoot };
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(LessonsRoot, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }

    protected override ValueTask OnDisposedAsync()
    {
        try { Directory.Delete(LessonsRoot, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Lessons the server cannot give a terminal: environment image missing, or no environment at all.</summary>
public sealed class UnavailableEnvironmentTests(TemporaryLessonsBrowser browser, DockerEngine docker) : IClassFixture<TemporaryLessonsBrowser>
{
    [Fact]
    public async Task Lesson_whose_environment_image_is_missing_shows_the_unavailable_panel()
    {
        browser.RequireBrowser();
        docker.RequireEngine();
        if (await docker.HasImageAsync(TemporaryLessonsBrowser.K8sImage, TestContext.Current.CancellationToken))
            Assert.Skip($"{TemporaryLessonsBrowser.K8sImage} is built on this machine, so the k8s environment is available");
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;

        await lesson.OpenAsync(TemporaryLessonsBrowser.Track, TemporaryLessonsBrowser.ClusterLesson, "#step-1");
        await lesson.WaitForSelectorAsync("#env-unavailable", "the environment-unavailable panel");
        Directory.CreateDirectory(Screenshots.Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder, "env-unavailable.png") });

        Assert.Equal("unavailable", await page.EvaluateAsync<string>("() => window.playground.mode"));
        Assert.Equal("unavailable", await page.Locator("#workspace").GetAttributeAsync("data-mode"));
        Assert.Equal("This lesson’s environment is not available", (await page.Locator("#env-unavailable .pg-panel-title").InnerTextAsync()).Trim());
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#env-unavailable-reason").InnerTextAsync()), "no reason is given");
        // Students are told whom to ask; the operator's steps (build.sh, docker pull) are not theirs (author mode only).
        Assert.Contains("Ask your instructor", await page.Locator("#env-ask-instructor").InnerTextAsync());
        var panel = await page.Locator("#env-unavailable").InnerTextAsync();
        Assert.DoesNotContain("build.sh", panel);
        Assert.DoesNotContain("docker pull", panel);
        Assert.True(await page.Locator("#env-operator").IsHiddenAsync(), "operator instructions are shown to a student");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.playground.terminals.length"));
        Assert.True(await page.Locator("#workspace-starting").IsHiddenAsync(), "the page still says the environment is starting");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('#terminal-area .xterm').length"));
        // The lesson itself stays readable; its Run button cannot type anywhere and says so.
        Assert.Equal("List the nodes", await page.Locator("#step-title").InnerTextAsync());
        Assert.True(await page.Locator("#step-content .pg-run-button").IsDisabledAsync(), "Run is enabled without a terminal");
        learner.AssertPageHealthy();

        // The catalog marks the lesson before anyone opens it.
        await page.GotoAsync("/");
        var card = page.Locator($".pg-lesson-card[data-lesson='{TemporaryLessonsBrowser.Track}/{TemporaryLessonsBrowser.ClusterLesson}']");
        await card.WaitForAsync();
        Assert.Contains("is-unavailable", await card.GetAttributeAsync("class"));
    }

    [Fact]
    public async Task Lesson_without_environment_has_no_terminal_and_its_quiz_still_passes()
    {
        await using var learner = await browser.NewLearnerAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;

        // The intro of a lesson without summary.
        await lesson.OpenAsync(TemporaryLessonsBrowser.Track, TemporaryLessonsBrowser.ReadingLesson, "#intro");
        Assert.Equal("Reading only", await page.Locator("#step-title").InnerTextAsync());
        Assert.DoesNotContain("null", await lesson.Content.InnerTextAsync());

        await lesson.NextButton.ClickAsync();
        await lesson.WaitForPositionAsync("step", 1);
        Assert.Equal("none", await page.EvaluateAsync<string>("() => window.playground.mode"));
        Directory.CreateDirectory(Screenshots.Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Folder, "environment-none.png") });
        Assert.True(await page.Locator("#terminal-pane").IsHiddenAsync(), "a terminal pane is shown for environment none");
        Assert.True(await page.Locator("#countdown").IsHiddenAsync(), "a session countdown is shown without a session");

        await page.Locator("#step-content fieldset[data-question='q1'] input").FillAsync("0");
        Assert.Equal("passed", await new QuizForm(page).SubmitAsync(lesson));
        Assert.Equal(100, await lesson.ProgressAsync());
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
        Assert.True(overflow, "the page scrolls horizontally");
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Unknown_lesson_shows_a_clear_error()
    {
        await using var learner = await browser.NewLearnerAsync();
        var page = learner.Page;
        var lessonRequests = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/api/lessons/")) Interlocked.Increment(ref lessonRequests); };
        await page.GotoAsync(LessonPage.LessonUrl(TemporaryLessonsBrowser.Track, "no-such-lesson"));
        await learner.Lesson.WaitForSelectorAsync("#page-error", "the error panel");
        // early.js's 404 is the page's answer: the lesson is not asked for a second time.
        Assert.Equal(1, Volatile.Read(ref lessonRequests));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.playground.terminals.length"));

        Assert.Equal("error", await page.EvaluateAsync<string>("() => window.playground.mode"));
        var text = await page.Locator("#page-error").InnerTextAsync();
        Assert.Contains("This lesson does not exist.", text);
        Assert.DoesNotContain("null", text);
        Assert.True(await page.Locator("#page-error a[href='/']").IsVisibleAsync(), "no way back to the catalog");
        Assert.True(await page.Locator("#lesson-loading").IsHiddenAsync(), "the page still says it is loading");
        // The lesson API answered 404: the browser logs that failed request, nothing else.
        learner.AssertPageHealthy(expectedConsoleErrors: "404");
    }
}
