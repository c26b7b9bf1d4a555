using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Playground.Web.Errors;
using Playground.Web.Learners;

namespace Playground.Web.Security;

/// <summary>Bound from <c>Playground:RateLimits</c>: how often sandboxes may be requested.</summary>
internal sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:RateLimits";

    /// <summary>Workspace creations one learner may make per <see cref="Window"/> (page loads count: they ask for the workspace).</summary>
    public int CreatesPerLearner { get; set; } = 20;

    /// <summary>Workspace creations one client address may make per <see cref="Window"/>; a class behind one NAT shares it.</summary>
    public int CreatesPerAddress { get; set; } = 300;

    /// <summary>The window both limits refill over, smoothly (a token bucket).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Marks an endpoint whose requests count against the workspace-creation limits.</summary>
internal sealed record WorkspaceCreationLimit;

/// <summary>
/// ASP.NET Core's rate limiter on workspace creation, per learner and per client address (chained: both must
/// allow). Refusals are 429 with <c>Retry-After</c> (seconds) and a ProblemDetails message saying when to retry.
/// </summary>
internal static class RateLimits
{
    /// <summary>Registers the limiter; endpoints opt in with <see cref="WorkspaceCreationLimit"/> metadata.</summary>
    public static IServiceCollection AddPlaygroundRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var o = configured.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, "learner",
                    http.RequestServices.GetRequiredService<CurrentLearner>().IdOrNull, o.CreatesPerLearner, o.Window)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, "address",
                    http.Connection.RemoteIpAddress?.ToString(), o.CreatesPerAddress, o.Window)));
            limiter.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)Math.Ceiling(o.Window.TotalSeconds);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ProblemExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"Too many new sessions were requested in a short time. Try again in {seconds} seconds; nothing was lost.");
            };
        });
        services.AddRateLimiter(_ => { });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, string scope, string? key, int permits, TimeSpan window)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<WorkspaceCreationLimit>() is null || key is null)
            return RateLimitPartition.GetNoLimiter("none");
        permits = Math.Max(1, permits);
        return RateLimitPartition.GetTokenBucketLimiter($"{scope}:{key}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            // Refill one permit at a time so a learner who waits Retry-After gets one, not a whole new window.
            ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, window.Ticks / permits)),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
