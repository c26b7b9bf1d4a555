using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Progress;
using Playground.Web.Errors;

namespace Playground.Web.Learners;

internal static class LearnerEndpoints
{
    public static void MapLearners(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", async Task<Ok<MeDto>> (HttpContext http, CurrentLearner learner, IProgressStore progress, CancellationToken ct) =>
        {
            var language = await LanguagePreference.ResolveAsync(http, null, progress, ct);
            return TypedResults.Ok(new MeDto(learner.Id, language));
        });

        app.MapPut("/api/me/language", async Task<NoContent> (LanguageRequest request, CurrentLearner learner, IProgressStore progress, CancellationToken ct) =>
        {
            if (!LanguagePreference.IsSupported(request.Language))
                throw ApiException.BadRequest($"The language must be one of {string.Join(", ", LanguagePreference.Supported)}.");
            await progress.GetOrCreateLearnerAsync(learner.Id, ct);
            await progress.SetLanguageAsync(learner.Id, request.Language!, ct);
            return TypedResults.NoContent();
        });
    }
}

internal sealed record MeDto(string LearnerId, string Language);

internal sealed record LanguageRequest(string? Language);
