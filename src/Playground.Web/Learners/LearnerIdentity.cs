using Playground.Progress;
using Playground.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Playground.Web.Learners;

/// <summary>
/// Anonymous, durable learner identity: a random id in an HttpOnly cookie, issued on the first
/// request. Nothing else is required to learn; the id is the only key to a learner's progress
/// and sandboxes, so it is long, random and never shown to other learners.
/// </summary>
internal static class LearnerIdentity
{
    /// <summary>The cookie that carries the learner id.</summary>
    public const string CookieName = "pg_learner";

    /// <summary>The learner id of this request (see <see cref="CurrentLearner"/>).</summary>
    public static string LearnerId(this HttpContext context) => context.RequestServices.GetRequiredService<CurrentLearner>().Id;

    /// <summary>The learner id from the cookie when it is well-formed; null otherwise. Never issues one.</summary>
    public static string? ExistingLearnerId(this HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var id) && LearnerIds.IsValid(id) ? id : null;

    /// <summary>Fills <see cref="CurrentLearner"/> from the cookie, issuing a new id to any request but a terminal upgrade.</summary>
    public static IApplicationBuilder UseLearnerIdentity(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = context.ExistingLearnerId();
        var current = context.RequestServices.GetRequiredService<CurrentLearner>();
        // Terminal sockets never get a fresh identity (they must prove an existing one); every
        // other request does, whatever headers it carries.
        if (id is null && !context.Request.Path.StartsWithSegments("/ws"))
        {
            id = LearnerIds.New();
            current.IssueCookie = true;
        }
        current.IdOrNull = id;
        if (!context.Request.Path.StartsWithSegments("/ws"))
        {
            // On starting, not now: an error answer clears the response's headers (UseExceptionHandler), and a
            // learner whose first request was refused must still keep the identity that request was counted under.
            // One cookie, with the learner this request ended as: a resume (CurrentLearner.SwitchTo) replaces the
            // id minted for a cookie-less browser instead of being overwritten by it.
            context.Response.OnStarting(() =>
            {
                if (current is { IssueCookie: true, IdOrNull: { } learner })
                    WriteCookie(context, learner);
                return Task.CompletedTask;
            });
        }
        await next(context);
    });

    private static void WriteCookie(HttpContext context, string learnerId)
    {
        var secure = context.RequestServices.GetRequiredService<IOptions<PlaygroundOptions>>().Value.SecureCookies;
        context.Response.Cookies.Append(CookieName, learnerId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
            Path = "/",
        });
    }
}
