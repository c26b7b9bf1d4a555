using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Cohorts;
using Playground.Web.Cohorts;
using Playground.Web.Errors;

namespace Playground.Web.Capacity;

/// <summary>
/// Composition of the capacity concern: the admission queue's admitter and endpoints, per-learner workspace terms
/// (cohort clocks, reserved seats), cohort reservations and pre-warm (on demand and before a cohort starts).
/// </summary>
internal static class CapacityHosting
{
    public static void AddCapacity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CapacityOptions>().Bind(builder.Configuration.GetSection(CapacityOptions.Section));
        services.AddSingleton<LearnerTerms>();
        services.AddSingleton<QueueAdmitter>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueAdmitter>());
        services.AddSingleton<CohortReservations>();
        services.AddHostedService(sp => sp.GetRequiredService<CohortReservations>());
        services.AddSingleton<CohortPrewarm>();
        services.AddSingleton<CohortPrewarmScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<CohortPrewarmScheduler>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CapacityJson.Default));
    }

    public static void MapCapacity(this WebApplication app)
    {
        app.MapQueue();
        app.MapGroup("/api/instructor").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>()
            .MapPost("/cohorts/{id}/prewarm", Prewarm);
    }

    /// <summary>
    /// "Pre-warm N sandboxes": fills the warm pool for the cohort's environments up to <see cref="PrewarmRequest.Count"/>
    /// each (default: the seat limit), bounded by admission; answers when done and records the action.
    /// </summary>
    private static async Task<Ok<PrewarmResultDto>> Prewarm(string id, PrewarmRequest? request, HttpContext http, CohortStore store,
        CohortPrewarm prewarm, IHostApplicationLifetime lifetime)
    {
        var me = await store.GetInstructorAsync(http.User.InstructorId() ?? "", http.RequestAborted) ?? throw new UnauthorizedAccessException();
        var cohort = await store.GetCohortAsync(id, http.RequestAborted) ?? throw ApiException.NotFound("No such cohort.");
        var count = request?.Count ?? cohort.SeatLimit;
        if (count is < 1 or > CohortRules.MaxSeats) throw ApiException.BadRequest($"Pre-warm 1 to {CohortRules.MaxSeats} sandboxes.");
        // Not the request's token: an instructor closing the tab must not leave a half-started pre-warm behind.
        var outcomes = await prewarm.PrewarmAsync(cohort, count, lifetime.ApplicationStopping);
        await store.RecordActionAsync(me, cohort.Id, "prewarm", cohort.Name, string.Join("; ", outcomes), lifetime.ApplicationStopping);
        return TypedResults.Ok(new PrewarmResultDto(outcomes.ToArray()));
    }
}

/// <summary>Body of POST /api/instructor/cohorts/{id}/prewarm.</summary>
/// <param name="Count">Ready sandboxes wanted per environment of the cohort's lessons; null: the cohort's seat limit.</param>
internal sealed record PrewarmRequest(int? Count);

/// <summary>What a pre-warm did, per environment.</summary>
internal sealed record PrewarmResultDto(PrewarmOutcome[] Environments);
