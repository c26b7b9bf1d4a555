using Playground.Cohorts;
using Playground.Progress;
using Playground.Sandboxes;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Playground.Web.Cohorts;

/// <summary>
/// The instructor's grid for one cohort: students × steps of the lessons the class is working on, each student's
/// current step, time on it, failed checks, hints, solutions, open sessions, and a "stuck" marker by rule.
/// </summary>
internal sealed class CohortDashboard(CohortStore store, IProgressStore progress, WorkspaceManager workspaces,
    LessonCatalogService lessons, IOptions<SandboxOptions> sandboxOptions)
{
    /// <summary>Stuck when this many checks of the current step failed...</summary>
    public const int StuckFailedChecks = 3;

    /// <summary>...or when the learner has been on the step this long with a session open.</summary>
    public static readonly TimeSpan StuckTimeOnStep = TimeSpan.FromMinutes(10);

    public async Task<DashboardDto?> BuildAsync(string cohortId, string language, CancellationToken ct)
    {
        if (await store.GetCohortAsync(cohortId, ct) is not { } cohort) return null;
        var now = store.Time.GetUtcNow();
        var members = await store.ListMembersAsync(cohortId, ct);
        var rows = new List<(CohortMember Member, IReadOnlyList<LessonProgress> Progress, IReadOnlyList<Workspace> Live)>();
        foreach (var member in members)
            rows.Add((member, await progress.GetAllProgressAsync(member.LearnerId, ct), workspaces.ListForLearner(member.LearnerId)));

        // Columns: the cohort's lessons someone has started or has a session in (all of them when it opens few).
        var opened = lessons.Catalog.Tracks.SelectMany(t => t.Lessons).Where(l => cohort.OpensLesson(l.Key)).ToList();
        var touched = rows.SelectMany(r => r.Progress.Select(p => p.LessonKey).Concat(r.Live.Select(w => w.LessonKey))).ToHashSet(StringComparer.Ordinal);
        var columns = opened.Where(l => opened.Count <= 4 || touched.Contains(l.Key)).ToList();

        var students = rows.Select(r =>
        {
            var live = r.Live.OrderByDescending(w => w.CreatedAt).ToList();
            // The lesson a student is "on": their newest live session's, else the lesson they touched last.
            var currentKey = live.FirstOrDefault()?.LessonKey ?? r.Progress.OrderByDescending(LastTouched).FirstOrDefault()?.LessonKey;
            var lesson = currentKey is null ? null : lessons.Catalog.Find(currentKey);
            var lessonProgress = r.Progress.FirstOrDefault(p => p.LessonKey == currentKey);
            int? step = null;
            DateTimeOffset? since = null;
            int failed = 0, hints = 0, solutions = 0;
            if (lesson is not null)
            {
                var p = lessonProgress ?? LessonProgress.Empty(lesson.Key);
                step = Math.Min(p.CurrentStep(lesson.Steps.Count), Math.Max(1, lesson.Steps.Count));
                failed = p.Steps.TryGetValue(step.Value, out var s) && !s.Passed ? s.Failures : 0;
                hints = p.Steps.Values.Sum(x => x.HintsRevealed);
                solutions = p.Steps.Values.Count(x => x.SolutionViewedAt is not null);
                since = p.Steps.Values.Where(x => x.Step < step && x.PassedAt is not null).Select(x => x.PassedAt).Max()
                    ?? p.StartedAt ?? live.FirstOrDefault()?.CreatedAt;
            }
            string? stuck = failed >= StuckFailedChecks ? "failed-checks"
                : live.Count > 0 && since is { } t && now - t >= StuckTimeOnStep ? "time-on-step"
                : null;
            var cells = columns.ToDictionary(l => l.Key, l =>
            {
                var p = r.Progress.FirstOrDefault(x => x.LessonKey == l.Key) ?? LessonProgress.Empty(l.Key);
                var current = p.CurrentStep(l.Steps.Count);
                return Enumerable.Range(1, l.Steps.Count).Select(n =>
                    // "helped": passed through "Solve it for me" (still "passed" for the grid's colour).
                    p.Steps.TryGetValue(n, out var done) && done.SolvedWithHelp ? "passed helped"
                    : p.IsPassed(n) ? "passed"
                    : p.Steps.TryGetValue(n, out var sp) && sp.Failures > 0 ? (n == current && l.Key == currentKey ? "current-failing" : "failing")
                    : n == current && l.Key == currentKey ? "current"
                    : "").ToArray();
            });
            return new StudentDto(r.Member.LearnerId, r.Member.DisplayName, currentKey, step, since, failed, hints, solutions, stuck,
                live.Select(w => new StudentSessionDto(w.Id, w.LessonKey, w.CreatedAt, w.EndsAt(sandboxOptions.Value.IdleTimeout), w.Extended,
                    lessons.TerminalsOf(w.LessonKey).Count)).ToArray(),
                cells);
        }).ToArray();

        return new DashboardDto(CohortDto.From(cohort, now), columns.Select(l => new DashboardLessonDto(l.Key, l.Title.Get(language), l.Steps.Count)).ToArray(),
            students, now, StuckFailedChecks, (int)StuckTimeOnStep.TotalMinutes);
    }

    private static DateTimeOffset LastTouched(LessonProgress p) =>
        p.Steps.Values.Select(s => s.PassedAt ?? DateTimeOffset.MinValue).Append(p.StartedAt ?? DateTimeOffset.MinValue).Max();
}

internal sealed record DashboardDto(CohortDto Cohort, DashboardLessonDto[] Lessons, StudentDto[] Students, DateTimeOffset At, int StuckFailedChecks, int StuckMinutes);

internal sealed record DashboardLessonDto(string Key, string Title, int Steps);

/// <param name="Cells">Per lesson key, one state per step: passed, current, failing, current-failing or empty.</param>
internal sealed record StudentDto(string LearnerId, string DisplayName, string? Lesson, int? Step, DateTimeOffset? StepSince,
    int FailedChecks, int HintsUsed, int SolutionsViewed, string? Stuck, StudentSessionDto[] Sessions, Dictionary<string, string[]> Cells);

internal sealed record StudentSessionDto(string Id, string Lesson, DateTimeOffset CreatedAt, DateTimeOffset EndsAt, bool Extended, int Terminals);

/// <summary>A cohort as instructors see it (join code included).</summary>
internal sealed record CohortDto(string Id, string Name, string[] Opens, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int SeatLimit,
    int? SandboxQuota, int? IdleTimeoutMinutes, int? LifetimeMinutes, string? JoinCode, string Window, DateTimeOffset CreatedAt, int ReservedSeats = 0)
{
    public static CohortDto From(Cohort c, DateTimeOffset now) => new(c.Id, c.Name, c.Opens.ToArray(), c.StartsAt, c.EndsAt, c.SeatLimit,
        c.SandboxQuota, c.IdleTimeout is { } i ? (int)i.TotalMinutes : null, c.Lifetime is { } l ? (int)l.TotalMinutes : null, c.JoinCode,
        CohortSummary.From(c, now).Window, c.CreatedAt, c.ReservedSeats);
}
