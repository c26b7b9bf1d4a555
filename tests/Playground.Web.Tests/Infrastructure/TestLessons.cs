namespace Playground.Web.Tests.Infrastructure;

/// <summary>
/// A temporary lessons root with lessons the real curriculum does not have: one without a Korean
/// translation, one with hostile HTML, one with a slow check, a quiz-only one (environment none)
/// and a second shell lesson. Track id <see cref="Track"/>.
/// </summary>
public sealed class TestLessons : IDisposable
{
    public const string Track = "testing";
    public const string Untranslated = "untranslated";
    public const string Hostile = "hostile";
    public const string Slow = "slow";
    public const string QuizOnly = "quiz-only";
    public const string SecondShell = "second-shell";

    /// <summary>Printed by the hostile lesson's failing check.</summary>
    public const string CheckScriptOutput = "<script>alert(\"check\")</script>";

    public TestLessons()
    {
        Root = Path.Combine(Path.GetTempPath(), "pg-web-lessons-" + Guid.NewGuid().ToString("N")[..10]);
        Write("testing/track.yaml", """
            title: {en: Test track, ko: 테스트 트랙}
            description: {en: "Lessons written by the web tests.", ko: "웹 테스트가 만든 레슨."}
            order: 0
            lessons: [untranslated, hostile, slow, quiz-only, second-shell]
            """);

        Write("testing/untranslated/lesson.md", """
            ---
            title: English only
            summary: A lesson nobody translated.
            level: beginner
            duration: 5
            environment: shell
            ---
            This lesson exists only in English.
            """);
        Write("testing/untranslated/01-only.md", """
            ---
            title: The only step
            checks:
              - id: marker
                run: test -f ~/marker
                fail: There is no marker file.
            solve: |
              touch ~/marker
            ---
            Create `~/marker`.
            """);

        Write("testing/hostile/lesson.md", """
            ---
            title: Hostile HTML
            summary: Raw HTML in lesson markdown must be escaped.
            level: beginner
            duration: 5
            environment: shell
            ---
            Intro <script>alert('intro')</script> and <img src=x onerror="alert('img')">.

            <script>alert('block')</script>
            """);
        Write("testing/hostile/01-output.md", $$"""
            ---
            title: Output with markup
            checks:
              - id: prints-markup
                run: |
                  echo '{{CheckScriptOutput}}'
                  exit 1
                fail: The check always fails.
              - id: markdown-fail
                run: exit 1
                fail: "Run `ls -la` **now** <img src=x onerror=alert(1)> [here](javascript:alert(1))"
            solve: |
              true
            ---
            Step <script>alert('step')</script> body.
            """);

        Write("testing/slow/lesson.md", """
            ---
            title: Slow check
            summary: A check that runs until the test lets it finish.
            level: beginner
            duration: 5
            environment: shell
            ---
            A slow one.
            """);
        Write("testing/slow/01-wait.md", """
            ---
            title: Wait
            timeout: 30
            checks:
              - id: sleeps
                run: "touch /tmp/check-started; until [ -e /tmp/check-go ]; do sleep 0.1; done"
                fail: The wait did not finish.
              - id: after
                run: "true"
            expect_initial_fail: false
            solve: |
              true
            ---
            Wait for it.
            """);

        Write("testing/quiz-only/lesson.md", """
            ---
            title: Quiz only
            summary: No terminal at all.
            level: beginner
            duration: 5
            environment: none
            ---
            Only questions.
            """);
        Write("testing/quiz-only/01-quiz.md", """
            ---
            title: One question
            ---
            ```quiz
            - id: q1
              type: numeric
              question: How much is 6 times 7?
              answer: 42
              explanation: Six sevens are forty-two.
            ```
            """);

        Write("testing/second-shell/lesson.md", """
            ---
            title: Second shell lesson
            summary: Another lesson on the shell environment.
            level: beginner
            duration: 5
            environment: shell
            ---
            Another one.
            """);
        Write("testing/second-shell/01-step.md", """
            ---
            title: A step
            checks:
              - id: ok
                run: test -d ~
            expect_initial_fail: false
            solve: |
              true
            ---
            Nothing to do.
            """);
    }

    public string Root { get; }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
