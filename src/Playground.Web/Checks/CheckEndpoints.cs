using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Checks;
using Playground.Lessons;
using Playground.Progress;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Catalog;
using Playground.Web.Errors;
using Playground.Web.Hosting;
using Playground.Web.Learners;
using Playground.Web.Workspaces;

namespace Playground.Web.Checks;

internal static class CheckEndpoints
{
    public static void MapChecks(this IEndpointRouteBuilder app)
    {
        var step = app.MapGroup("/api/lessons/{track}/{lesson}/steps/{number:int}");
        step.MapPost("/check", Check);
        step.MapPost("/solution", Solution);
        step.MapPost("/quiz", Quiz);
        step.MapPost("/solve", SolveEndpoint.SolveAsync);
    }

    private static async Task<Ok<CheckResponse>> Check(
        LessonStep at, CheckRequest request, string? lang, HttpContext http, CurrentLearner current,
        LessonRenderer renderer, WorkspaceManager workspaces, CheckRunner runner, CheckGate gate,
        IProgressStore progress, CancellationToken ct)
    {
        var (found, step, number) = (at.Lesson, at.Step, at.Number);
        if (!step.HasChecks) throw ApiException.BadRequest("This step has no checks.");
        var learner = current.Id;
        var workspace = (await OwnedWorkspace.ResolveAsync(request.WorkspaceId, http, ct,
            "No such workspace: start the lesson's environment first.")).Workspace;
        if (workspace.LessonKey != found.Key) throw ApiException.BadRequest("This workspace belongs to another lesson.");

        var language = await LanguagePreference.ResolveAsync(http, lang, progress, ct);
        CheckReport report;
        // One check at a time per workspace: a double click or watch mode must not pile up execs.
        using (await gate.EnterAsync(workspace.Id, ct))
            report = await runner.RunAsync(LessonCheckPlans.For(step, language), new WorkspaceScriptTarget(workspaces, workspace.Id), ct);

        var passed = report.Verdict == CheckVerdict.Passed;
        // Watch-mode polls record a pass but not failures: hints unlock on the learner's own attempts.
        // An error is the sandbox failing, not the learner: it must not count as a failed attempt,
        // which would unlock the solution (show_solution: after-failure).
        var failed = report.Verdict == CheckVerdict.Failed && !request.Watch;
        if (passed || failed)
            await progress.RecordCheckAsync(learner, found.Key, number, passed, ct);
        if (failed)
            await progress.RevealHintAsync(learner, found.Key, number, step.Text(language).Hints.Count, ct);

        var view = new LessonView(found, await progress.GetLessonProgressAsync(learner, found.Key, ct));
        var rendered = renderer.RenderStep(found, number, language);
        return TypedResults.Ok(new CheckResponse(
            report.Verdict.ToString().ToLowerInvariant(),
            report.Conditions.Select(c => new ConditionDto(c.Id, StatusCode(c.Status), c.Message, c.Output,
                c.Message is null ? null : renderer.RenderInlineMarkdown(c.Message, language, found))).ToArray(),
            rendered.HintsHtml.Take(view.HintsRevealed(number)).ToArray(),
            view.SolutionAvailable(step),
            view.ToDto()));
    }

    private static string StatusCode(ConditionStatus status) => status switch
    {
        ConditionStatus.TimedOut => "timed-out",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static async Task<Ok<SolutionResponse>> Solution(
        LessonStep at, string? lang, HttpContext http, CurrentLearner learner, LessonRenderer renderer,
        IProgressStore progress, CancellationToken ct)
    {
        var (found, step, number) = (at.Lesson, at.Step, at.Number);
        var language = await LanguagePreference.ResolveAsync(http, lang, progress, ct);
        var view = new LessonView(found, await progress.GetLessonProgressAsync(learner.Id, found.Key, ct));
        if (!view.SolutionAvailable(step))
            throw ApiException.Forbidden(found.ShowSolution == ShowSolutionPolicy.Never
                ? "This lesson does not show solutions."
                : "Try the check at least once before looking at the solution.");
        await progress.RecordSolutionViewAsync(learner.Id, found.Key, number, ct);
        var html = renderer.RenderStep(found, number, language).SolutionHtml
            ?? renderer.RenderMarkdown($"```bash copy\n{step.Solve!.Text.TrimEnd()}\n```", language, found);
        return TypedResults.Ok(new SolutionResponse(html));
    }

    private static async Task<Ok<QuizResponse>> Quiz(
        LessonStep at, QuizRequest request, string? lang, HttpContext http, CurrentLearner current,
        IProgressStore progress, CancellationToken ct)
    {
        var (found, step, number) = (at.Lesson, at.Step, at.Number);
        var language = await LanguagePreference.ResolveAsync(http, lang, progress, ct);
        var questions = step.Text(language).Quizzes;
        if (questions.Count == 0) throw ApiException.BadRequest("This step has no quiz.");

        var answers = new Dictionary<string, QuizAnswer>(StringComparer.Ordinal);
        foreach (var (id, value) in request.Answers ?? [])
        {
            if (ToAnswer(value) is not { } answer)
                throw ApiException.BadRequest($"The answer to '{ApiException.Quote(id)}' must be a list of choice numbers, a text of at most 1000 characters, or a number.");
            answers[id] = answer;
        }
        // An empty Submit is not an attempt: it would only burn attempts (and once revealed answers for nothing).
        if (!questions.Any(q => answers.TryGetValue(q.Id, out var a) && !a.IsEmpty()))
            throw ApiException.BadRequest(language == "ko" ? "제출하기 전에 적어도 한 문제에 답하세요." : "Answer at least one question before submitting.");
        var result = QuizGrader.Grade(questions, answers);
        var learner = current.Id;
        foreach (var r in result.Results)
            await progress.RecordQuizAnswerAsync(learner, found.Key, number, r.Id,
                answers.TryGetValue(r.Id, out var given) ? JsonSerializer.Serialize(given, ApiJson.Default.QuizAnswer) : "null", r.Correct, ct);
        if (result.Passed && !step.HasChecks) await progress.MarkStepPassedAsync(learner, found.Key, number, ct);

        var lessonProgress = await progress.GetLessonProgressAsync(learner, found.Key, ct);
        var view = new LessonView(found, lessonProgress);
        var attempts = await progress.CountQuizAnswersAsync(learner, found.Key, number, questions[0].Id, ct);
        // Answers and explanations stay on the server until the quiz is passed (now or before) or the author's
        // attempt limit is used up; before that the learner learns only which answers are wrong.
        var revealed = step.Quiz.RevealsAnswers(result.Passed || lessonProgress.IsPassed(number), attempts);
        return TypedResults.Ok(new QuizResponse(result.Passed,
            result.Results.Select(r => new QuizResultDto(r.Id, r.Correct, revealed ? r.Explanation : null, revealed ? r.Answer : null)).ToArray(),
            view.ToDto(), revealed, attempts, step.Quiz.AttemptsLeft(attempts)));
    }

    /// <summary>A learner's answer, or null when it is not one: wrong shape, absurd size, or invalid text.</summary>
    private static QuizAnswer? ToAnswer(JsonElement value)
    {
        const int MaxChoices = 64, MaxTextLength = 1000;
        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.Array when value.GetArrayLength() <= MaxChoices
                    && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _))
                    => QuizAnswer.Chosen(value.EnumerateArray().Select(e => e.GetInt32()).ToArray()),
                JsonValueKind.String when value.GetString() is { Length: <= MaxTextLength } text => QuizAnswer.Typed(text),
                JsonValueKind.Number when value.GetRawText().Length <= 64 => QuizAnswer.Typed(value.GetRawText()),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return null; // e.g. a lone surrogate escape in a string
        }
    }
}

/// <summary>Serialises checks per workspace.</summary>
internal sealed class CheckGate
{
    private readonly Playground.Sandboxes.Concurrency.KeyedLock<string> _gates = new(StringComparer.Ordinal);

    public Task<IDisposable> EnterAsync(string workspaceId, CancellationToken ct) => _gates.AcquireAsync(workspaceId, ct);
}

internal sealed record CheckRequest(string? WorkspaceId, bool Watch = false);
/// <param name="Message">The fail text as the author wrote it (inline Markdown), or a FAIL: line of the check's output.</param>
/// <param name="MessageHtml"><paramref name="Message"/> rendered as inline Markdown through the lesson renderer's
/// sanitized pipeline (code, emphasis, links; no blocks): what the page shows, with innerHTML.</param>
internal sealed record ConditionDto(string Id, string Status, string? Message, string Output, string? MessageHtml = null);
internal sealed record CheckResponse(string Verdict, ConditionDto[] Conditions, string[] RevealedHints, bool SolutionAvailable, ProgressDto Progress);
internal sealed record SolutionResponse(string Html);
internal sealed record QuizRequest(Dictionary<string, JsonElement>? Answers);
internal sealed record QuizResultDto(string Id, bool Correct, string? Explanation, string? Answer);
/// <summary><c>Revealed</c>: answers and explanations are included; <c>AttemptsLeft</c> is null without a limit.</summary>
internal sealed record QuizResponse(bool Passed, QuizResultDto[] Results, ProgressDto Progress, bool Revealed, int Attempts, int? AttemptsLeft);
