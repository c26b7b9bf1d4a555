using System.Diagnostics;
using Playground.Lessons;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Workspaces;

namespace Playground.Checks.SelfTest;

/// <summary>
/// Proves a lesson can be solved: in a fresh environment it runs the lesson setup, then for each
/// step its setup, its checks (expecting failure), its solve, and its checks again (expecting
/// success). Quiz steps are answered with their own answers, which must grade as correct.
/// </summary>
public sealed class LessonSelfTest(
    WorkspaceManager workspaces,
    EnvironmentCatalog environments,
    CheckRunner runner,
    LessonScriptRunner? scriptRunner = null)
{
    private const string SelfTestLearner = "self-test";
    private readonly LessonScriptRunner scripts = scriptRunner ?? new LessonScriptRunner();

    /// <summary>Self-tests <paramref name="lessons"/>, <paramref name="parallelism"/> at a time, reporting each row to <paramref name="progress"/> as it ends.</summary>
    public async Task<SelfTestReport> RunAsync(IEnumerable<Lesson> lessons, int parallelism, Action<SelfTestRow>? progress, CancellationToken ct)
    {
        var rows = new List<SelfTestRow>();
        await Parallel.ForEachAsync(lessons, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct }, async (lesson, token) =>
        {
            await foreach (var row in TestLessonAsync(lesson, token))
            {
                lock (rows) rows.Add(row);
                progress?.Invoke(row);
            }
        });
        return new SelfTestReport(rows.OrderBy(r => r.Lesson, StringComparer.Ordinal).ThenBy(r => r.Step, StringComparer.Ordinal).ToList());
    }

    /// <summary>Self-tests one lesson in a fresh sandbox: one row per step (setup, expected initial failure, solve, checks, quiz answers).</summary>
    public async IAsyncEnumerable<SelfTestRow> TestLessonAsync(Lesson lesson, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!lesson.NeedsSandbox)
        {
            foreach (var step in lesson.Steps) yield return QuizRow(lesson, step);
            yield break;
        }
        var availability = await environments.GetAvailabilityAsync(lesson.Environment, ct);
        if (!availability.Available)
        {
            yield return new SelfTestRow(lesson.Key, "*", SelfTestOutcome.Skipped, TimeSpan.Zero, $"environment '{lesson.Environment}' unavailable: {availability.Reason}");
            yield break;
        }

        var started = Stopwatch.GetTimestamp();
        Workspace? workspace = null;
        string? startError = null;
        try
        {
            workspace = await workspaces.CreateAsync($"{SelfTestLearner}-{lesson.TrackId}-{lesson.Id}", lesson.Key, lesson.Environment, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            startError = e.Message;
        }
        if (workspace is null)
        {
            yield return new SelfTestRow(lesson.Key, "setup", SelfTestOutcome.Failed, Stopwatch.GetElapsedTime(started), $"could not start the environment: {startError}");
            yield break;
        }

        try
        {
            if (lesson.Setup is { } setup)
            {
                var result = await RunScriptAsync(workspace, setup, LessonScriptKind.Setup, ct);
                if (result is not null)
                {
                    yield return new SelfTestRow(lesson.Key, "setup", SelfTestOutcome.Failed, Stopwatch.GetElapsedTime(started), $"lesson setup failed: {result}");
                    yield break;
                }
            }
            foreach (var step in lesson.Steps)
            {
                var row = step.HasChecks ? await TestStepAsync(lesson, step, workspace, ct) : QuizRow(lesson, step);
                yield return row;
                // Later steps build on earlier ones; after a failure their results would only mislead.
                if (row.Outcome == SelfTestOutcome.Failed) yield break;
            }
        }
        finally
        {
            await workspaces.EndAsync(workspace.Id, TerminationReason.Destroyed, CancellationToken.None);
        }
    }

    private async Task<SelfTestRow> TestStepAsync(Lesson lesson, Step step, Workspace workspace, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var name = $"{step.Number:00}-{step.Slug}";
        SelfTestRow Fail(string detail) => new(lesson.Key, name, SelfTestOutcome.Failed, Stopwatch.GetElapsedTime(started), detail);

        if (step.Setup is { } setup && await RunScriptAsync(workspace, setup, LessonScriptKind.Setup, ct) is { } setupError)
            return Fail($"step setup failed: {setupError}");

        var plan = LessonCheckPlans.For(step, LessonLanguages.Base);
        var target = new WorkspaceScriptTarget(workspaces, workspace.Id);
        if (step.Checks.ExpectInitialFail)
        {
            var before = await runner.RunAsync(plan, target, ct);
            if (before.Verdict != CheckVerdict.Failed)
                return Fail(before.Verdict == CheckVerdict.Passed
                    ? "checks passed before solve (set expect_initial_fail: false if that is intended)"
                    : $"checks errored before solve: {Describe(before)}");
        }
        if (step.Solve is null) return Fail("the step has checks but no solve script");
        if (await RunScriptAsync(workspace, step.Solve, LessonScriptKind.Solve, ct) is { } solveError)
            return Fail($"solve failed: {solveError}");
        var after = await runner.RunAsync(plan, target, ct);
        if (after.Verdict != CheckVerdict.Passed) return Fail($"checks did not pass after solve: {Describe(after)}");
        // The page runs a passed step's cleanup when the learner opens a later step: it must run cleanly here too.
        if (step.Cleanup is { } cleanup && await RunScriptAsync(workspace, cleanup, LessonScriptKind.Cleanup, ct) is { } cleanupError)
            return Fail($"cleanup failed: {cleanupError}");
        return new SelfTestRow(lesson.Key, name, SelfTestOutcome.Passed, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Setup, solve and checks all run as the environment's user, exactly as on the lesson page.</summary>
    private async Task<string?> RunScriptAsync(Workspace workspace, LessonScript script, LessonScriptKind kind, CancellationToken ct)
    {
        try
        {
            var result = await scripts.RunAsync(new WorkspaceScriptTarget(workspaces, workspace.Id), script, kind, ct);
            return result.ExitCode == 0 && !result.TimedOut ? null : LessonScriptRunner.Describe(result);
        }
        catch (EnvironmentUnavailableException e)
        {
            return e.Message;
        }
    }

    private static SelfTestRow QuizRow(Lesson lesson, Step step)
    {
        var name = $"{step.Number:00}-{step.Slug}";
        if (!step.HasQuiz)
            return new SelfTestRow(lesson.Key, name, SelfTestOutcome.Passed, TimeSpan.Zero, "reading step");
        foreach (var language in lesson.Languages)
        {
            var questions = step.Text(language).Quizzes;
            var answers = questions.ToDictionary(q => q.Id, QuizAnswers.Correct, StringComparer.Ordinal);
            var result = QuizGrader.Grade(questions, answers);
            if (!result.Passed)
                return new SelfTestRow(lesson.Key, name, SelfTestOutcome.Failed, TimeSpan.Zero,
                    $"[{language}] the quiz's own answers do not grade as correct: {string.Join(", ", result.Results.Where(r => !r.Correct).Select(r => r.Id))}");
        }
        return new SelfTestRow(lesson.Key, name, SelfTestOutcome.Passed, TimeSpan.Zero, "quiz");
    }

    private static string Describe(CheckReport report) => string.Join("; ",
        report.Conditions.Where(c => c.Status != ConditionStatus.Passed).Select(c => $"{c.Id} {c.Status}: {c.Message}{(string.IsNullOrWhiteSpace(c.Output) ? "" : $" [{Tail(c.Output)}]")}"));

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 300 ? text : "…" + text[^300..];
    }
}
