using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Lessons;
using Playground.Progress;
using Playground.Sandboxes.Environments;
using Playground.Web.Errors;
using Playground.Web.Hosting;
using Playground.Web.Learners;
using Playground.Web.Workspaces;
using Microsoft.Extensions.Options;

namespace Playground.Web.Catalog;

internal static class LessonEndpoints
{
    public static void MapLessons(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/lessons/{track}/{lesson}", Get);

    /// <summary>Errors in the lesson's folder, or in its track.yaml, as the validator prints them.</summary>
    private static string[] ProblemsOf(LessonCatalog catalog, string track, string lesson)
    {
        if (track.Contains("..") || lesson.Contains("..")) return [];
        var trackDirectory = Path.Combine(catalog.Root, track);
        var folder = Path.Combine(trackDirectory, lesson) + Path.DirectorySeparatorChar;
        var trackFile = Path.Combine(trackDirectory, "track.yaml");
        return catalog.Problems
            .Where(p => p.IsError && (p.File.StartsWith(folder, StringComparison.Ordinal) || p.File == trackFile))
            .Select(p => (p with { File = Path.GetRelativePath(catalog.Root, p.File) }).ToString())
            .ToArray();
    }

    /// <remarks>Looks the lesson up itself rather than binding <see cref="RoutedLesson"/>: in author mode a lesson
    /// that does not load answers 422 with its errors instead of the binder's 404.</remarks>
    private static async Task<Results<Ok<LessonDto>, JsonHttpResult<LessonProblemsDto>>> Get(
        string track, string lesson, string? lang, HttpContext http, CurrentLearner current, LessonCatalogService lessons, LessonRenderer renderer,
        IProgressStore progress, EnvironmentCatalog environments, IOptions<PlaygroundOptions> options, CancellationToken ct)
    {
        // Author mode: a lesson that does not load says why (file:line:col: message), so the page can show it
        // and reload by itself once the file is fixed. Learners never see file paths.
        if (options.Value.AuthorMode && lessons.Catalog.Find(track, lesson) is null
            && ProblemsOf(lessons.Catalog, track, lesson) is { Length: > 0 } problems)
            return TypedResults.Json(new LessonProblemsDto($"The lesson '{ApiException.Quote(track)}/{ApiException.Quote(lesson)}' has errors and cannot be shown.", problems, true),
                statusCode: StatusCodes.Status422UnprocessableEntity);
        var found = RoutedLesson.Find(http, track, lesson);
        var language = await LanguagePreference.ResolveAsync(http, lang, progress, ct);
        var learner = current.Id;
        await progress.StartLessonAsync(learner, found.Key, ct);
        var view = new LessonView(found, await progress.GetLessonProgressAsync(learner, found.Key, ct));
        var rendered = renderer.RenderLesson(found, language);

        EnvironmentDto environment;
        if (!found.NeedsSandbox) environment = new EnvironmentDto(found.Environment, true, null, null);
        else
        {
            var availability = await environments.GetAvailabilityAsync(found.Environment, ct);
            // Install steps (docker pull, build.sh) are for whoever runs the server, not for students: only author
            // mode (an instructor's own machine) gets them; students are told to ask their instructor.
            environment = new EnvironmentDto(found.Environment, availability.Available, availability.Reason,
                options.Value.AuthorMode ? availability.InstallHint : null);
        }

        var steps = rendered.Steps.Select(s =>
        {
            var step = found.Steps[s.Number - 1];
            return new StepDto(s.Number, s.Slug, s.Title, s.Html,
                step.HasChecks ? (step.Checks.Mode == CheckMode.Watch ? "watch" : "click") : null,
                step.HasChecks, step.HasQuiz, s.HintsHtml.Count,
                s.HintsHtml.Take(view.HintsRevealed(s.Number)).ToArray(),
                view.SolutionAvailable(step), s.IsFallback, step.Setup is not null,
                step.HasQuiz ? step.Quiz.AttemptLimit : null, step.HasQuiz && step.Quiz.Required,
                step.Solvable, found.Steps.Any(earlier => earlier.Number < step.Number && earlier.Cleanup is not null));
        }).ToArray();

        return TypedResults.Ok(new LessonDto(
            found.Id, found.TrackId, rendered.Title, rendered.Summary, found.Level, found.DurationMinutes, language,
            rendered.IsFallback || steps.Any(s => s.Fallback), environment,
            lessons.TerminalsOf(found.Key).Select((name, i) => new TerminalDto(i + 1, name)).ToArray(),
            rendered.Intro.Html, rendered.Finish?.Html, rendered.Finish?.Title, steps, view.ToDto(), options.Value.AuthorMode));
    }
}

/// <param name="Problems">Each as the validator prints it, paths relative to the lessons root: "t/l/01-x.md:6:4: error: ...".</param>
internal sealed record LessonProblemsDto(string Error, string[] Problems, bool AuthorMode);

internal sealed record EnvironmentDto(string Name, bool Available, string? Reason, string? InstallHint);
internal sealed record StepDto(int Number, string Slug, string Title, string Html, string? CheckMode, bool HasChecks, bool HasQuiz,
    int HintCount, string[] RevealedHints, bool SolutionAvailable, bool Fallback, bool HasSetup,
    int? QuizAttemptLimit, bool QuizRequired, bool Solvable = false, bool RunsCleanup = false);
internal sealed record LessonDto(string Id, string TrackId, string Title, string Summary, string Level, int DurationMinutes, string Language,
    bool Fallback, EnvironmentDto Environment, TerminalDto[] Terminals, string IntroHtml, string? FinishHtml, string? FinishTitle,
    StepDto[] Steps, ProgressDto Progress, bool AuthorMode);
