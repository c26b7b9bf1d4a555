using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Progress;
using Playground.Web.Workspaces;

namespace Playground.Web.Learners;

public static class LearnerEndpoints
{
    public static void MapLearners(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", async Task<Ok<MeDto>> (HttpContext http, IProgressStore progress, CancellationToken ct) =>
        {
            var language = await LanguagePreference.ResolveAsync(http, null, progress, ct);
            return TypedResults.Ok(new MeDto(http.LearnerId(), language));
        });

        app.MapPut("/api/me/language", async Task<Results<NoContent, BadRequest<ApiError>>> (LanguageRequest request, HttpContext http, IProgressStore progress, CancellationToken ct) =>
        {
            if (!LanguagePreference.IsSupported(request.Language))
                return TypedResults.BadRequest(new ApiError($"language must be one of {string.Join(", ", LanguagePreference.Supported)}"));
            await progress.GetOrCreateLearnerAsync(http.LearnerId(), ct);
            await progress.SetLanguageAsync(http.LearnerId(), request.Language!, ct);
            return TypedResults.NoContent();
        });
    }
}

public sealed record MeDto(string LearnerId, string Language);

public sealed record LanguageRequest(string? Language);
