using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Playground.Cohorts;
using Playground.Progress;
using Playground.Web.Hosting;

namespace Playground.Web.Cohorts;

/// <summary>Composition of the cohort concern: access policy, store, instructor cookie authentication, antiforgery, endpoints.</summary>
internal static class CohortsHosting
{
    public static void AddCohorts(this WebApplicationBuilder builder, RepositoryLayout layout)
    {
        var services = builder.Services;
        services.AddSingleton(AccessPolicy.From(builder.Configuration, new PlaygroundOptions().Urls));
        services.AddOptions<CohortStoreOptions>().Configure(o =>
            o.ConnectionString = builder.Configuration["Playground:Progress:ConnectionString"] ?? $"Data Source={layout.Database}");
        services.AddSingleton(sp => new CohortStore(sp.GetRequiredService<IOptions<CohortStoreOptions>>().Value,
            sp.GetRequiredService<ILogger<CohortStore>>(), sp.GetService<TimeProvider>()));
        services.AddHostedService<CohortSchemaMigration>();
        services.AddSingleton<CohortSignals>();
        services.AddSingleton<LearnerBroadcasts>();
        services.AddSingleton<CohortAdmission>();
        services.AddSingleton<CohortDashboard>();
        services.AddSingleton<WorkspaceReset>();
        // Every progress write also wakes the instructor dashboards.
        services.AddSingleton<IProgressStore>(sp => new NotifyingProgressStore(sp.GetRequiredService<SqliteProgressStore>(), sp.GetRequiredService<CohortSignals>()));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CohortApiJson.Default));

        var secure = builder.Configuration.GetValue<bool>("Playground:SecureCookies");
        var authentication = services.AddAuthentication(InstructorClaims.Scheme);
        authentication.AddInstructorOidc(services, builder.Configuration);
        authentication.AddCookie(InstructorClaims.Scheme, o =>
        {
            o.Cookie.Name = "pg_instructor";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.LoginPath = InstructorSignIn.SignInPath;
            // The API answers 401/403 with JSON; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized, "Sign in as an instructor first.");
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden, "Instructors only.");
        });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pg_csrf";
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "RequestVerificationToken";
        });
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status, string message)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/ws"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        return Playground.Web.Errors.ProblemExceptionHandler.WriteAsync(context.HttpContext, status, message).AsTask();
    }

    /// <summary>Authentication, authorization and antiforgery, after the learner cookie middleware.</summary>
    public static void UseCohorts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapCohorts(this WebApplication app)
    {
        app.MapLearnerCohorts();
        app.MapInstructorSignIn();
        app.MapInstructors();
        app.MapInstructorAccounts();
        app.MapInstructorOidc();
    }
}

/// <summary>Applies the cohort migrations when the host starts (as <see cref="SchemaMigration"/> does for progress).</summary>
internal sealed class CohortSchemaMigration(CohortStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
