using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Checks;
using Playground.Lessons;
using Playground.Progress;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Catalog;
using Playground.Web.Errors;
using Playground.Web.Learners;
using Playground.Web.Workspaces;

namespace Playground.Web.Checks;

/// <summary>
/// "Solve it for me": <c>POST /api/lessons/{track}/{lesson}/steps/{n}/solve</c> with <c>{ workspaceId }</c> runs the
/// step's solve script in the learner's sandbox (through <see cref="LessonScriptRunner"/>, the one timeout policy of
/// lesson scripts), then the step's checks, under the workspace's check gate so it never overlaps a check. The step is
/// recorded as solved with help (<see cref="IProgressStore.RecordSolvedWithHelpAsync"/>) once the solve script ran,
/// and as passed when the checks pass. Refusals: 403 when the step is not solvable (<c>solvable: false</c>, or no
/// checks or solve script), 409 when it is already passed, the workspace refusals of <see cref="OwnedWorkspace"/>.
/// </summary>
internal static class SolveEndpoint
{
    public static async Task<Ok<SolveResponse>> SolveAsync(
        LessonStep at, CheckRequest request, string? lang, HttpContext http, CurrentLearner current,
        LessonRenderer renderer, WorkspaceManager workspaces, LessonScriptRunner scripts, CheckRunner runner, CheckGate gate,
        IProgressStore progress, ILoggerFactory loggers, CancellationToken ct)
    {
        var (found, step, number) = (at.Lesson, at.Step, at.Number);
        var language = await LanguagePreference.ResolveAsync(http, lang, progress, ct);
        var ko = language == "ko";
        if (!step.Solvable || step.Solve is null)
            throw ApiException.Forbidden(ko ? "이 단계에서는 '대신 풀기'를 쓸 수 없습니다." : "This step cannot be solved for you.");
        var workspace = (await OwnedWorkspace.ResolveAsync(request.WorkspaceId, http, ct,
            "No such workspace: start the lesson's environment first.")).Workspace;
        if (workspace.LessonKey != found.Key) throw ApiException.BadRequest("This workspace belongs to another lesson.");
        if ((await progress.GetLessonProgressAsync(current.Id, found.Key, ct)).IsPassed(number))
            throw new ApiException(StatusCodes.Status409Conflict, ko ? "이 단계는 이미 통과했습니다." : "This step is already passed.");

        ScriptResult solved;
        CheckReport report;
        using (await gate.EnterAsync(workspace.Id, ct))
        {
            var target = new WorkspaceScriptTarget(workspaces, workspace.Id);
            solved = await scripts.RunAsync(target, step.Solve, LessonScriptKind.Solve, ct);
            // Help was used as soon as the script ran, whatever the checks say next.
            await progress.RecordSolvedWithHelpAsync(current.Id, found.Key, number, ct);
            report = await runner.RunAsync(LessonCheckPlans.For(step, language), target, ct);
        }
        var passed = report.Verdict == CheckVerdict.Passed;
        // Only a pass is recorded: a failure after the lesson's own solve script is the lesson's fault, not an attempt.
        if (passed) await progress.RecordCheckAsync(current.Id, found.Key, number, passed: true, ct);
        var solveFailed = solved.ExitCode != 0 || solved.TimedOut;
        if (solveFailed || !passed)
            loggers.CreateLogger("Playground.Web.Checks.Solve").LogWarning(
                "Solve it for me in {Lesson} step {Step} (workspace {WorkspaceId}): solve {Outcome}, checks {Verdict}",
                found.Key, number, workspace.Id, LessonScriptRunner.Describe(solved), report.Verdict);

        var view = new LessonView(found, await progress.GetLessonProgressAsync(current.Id, found.Key, ct));
        var message = !solveFailed ? null
            : ko ? "풀이 스크립트가 끝까지 실행되지 못했습니다. 강사에게 알려 주세요."
            : "The step's solve script did not finish cleanly. Please tell your instructor.";
        return TypedResults.Ok(new SolveResponse(
            report.Verdict.ToString().ToLowerInvariant(),
            report.Conditions.Select(c => new ConditionDto(c.Id, c.Status == ConditionStatus.TimedOut ? "timed-out" : c.Status.ToString().ToLowerInvariant(),
                c.Message, c.Output, c.Message is null ? null : renderer.RenderInlineMarkdown(c.Message, language, found))).ToArray(),
            view.ToDto(), message));
    }
}

/// <summary>The answer of "Solve it for me": the checks' verdict after the solve script, progress, and a message when the script itself failed.</summary>
internal sealed record SolveResponse(string Verdict, ConditionDto[] Conditions, ProgressDto Progress, string? Message);
