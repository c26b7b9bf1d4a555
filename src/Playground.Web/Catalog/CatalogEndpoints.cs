using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Lessons;
using Playground.Progress;
using Playground.Sandboxes.Environments;
using Playground.Web.Hosting;
using Playground.Web.Learners;

namespace Playground.Web.Catalog;

internal static class CatalogEndpoints
{
    public static void MapCatalog(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/catalog", async Task<Ok<CatalogDto>> (string? lang, HttpContext http, LessonCatalogService lessons,
            IProgressStore progress, EnvironmentCatalog environments, CancellationToken ct) =>
        {
            var language = await LanguagePreference.ResolveAsync(http, lang, progress, ct);
            var mine = (await progress.GetAllProgressAsync(http.LearnerId(), ct)).ToDictionary(p => p.LessonKey);
            var tracks = new List<TrackDto>();
            foreach (var track in lessons.Catalog.Tracks)
            {
                var items = new List<LessonSummaryDto>();
                foreach (var lesson in track.Lessons)
                {
                    var available = !lesson.NeedsSandbox || (await environments.GetAvailabilityAsync(lesson.Environment, ct)).Available;
                    var passed = mine.TryGetValue(lesson.Key, out var p) ? p.Steps.Values.Count(s => s.PassedAt is not null && s.Step <= lesson.Steps.Count) : 0;
                    items.Add(new LessonSummaryDto(lesson.Id, lesson.TrackId, lesson.Title.Get(language), lesson.Summary.Get(language),
                        lesson.Level, lesson.DurationMinutes, lesson.Environment, available, lesson.Tags.ToArray(),
                        new LessonProgressSummaryDto(passed, lesson.Steps.Count, passed >= lesson.Steps.Count && lesson.Steps.Count > 0)));
                }
                tracks.Add(new TrackDto(track.Id, track.Title.Get(language), track.Description.Get(language), items.ToArray()));
            }
            return TypedResults.Ok(new CatalogDto(language, tracks.ToArray()));
        });
}

internal sealed record CatalogDto(string Language, TrackDto[] Tracks);
internal sealed record TrackDto(string Id, string Title, string Description, LessonSummaryDto[] Lessons);
internal sealed record LessonSummaryDto(string Id, string TrackId, string Title, string Summary, string Level, int DurationMinutes,
    string Environment, bool EnvironmentAvailable, string[] Tags, LessonProgressSummaryDto Progress);
internal sealed record LessonProgressSummaryDto(int PassedSteps, int TotalSteps, bool Finished);
