using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Playground.Cohorts;

namespace Playground.Web.Cohorts;

/// <summary>
/// Bound from <c>Playground:Instructors:Oidc</c>: optional OpenID Connect sign-in for instructors (authorization code
/// flow with PKCE). Off unless <see cref="Authority"/> and <see cref="ClientId"/> are set.
/// </summary>
internal sealed class InstructorOidcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Instructors:Oidc";

    /// <summary>The provider's issuer URL; its <c>/.well-known/openid-configuration</c> is read at the first sign-in.</summary>
    public string? Authority { get; set; }

    /// <summary>This server's client id at the provider (register the redirect URI <c>{PublicUrl}/instructor/signin-oidc</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, when the provider issued one (confidential client).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The text of the sign-in button ("Sign in with …").</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>
    /// Emails (the <c>email</c> claim, only when <c>email_verified</c> is not false) or subjects (<c>sub</c>) allowed to
    /// become instructors at their first sign-in. Anyone else needs an instructor to link their identity first.
    /// </summary>
    public List<string> Allowed { get; set; } = [];

    /// <summary>Whether the metadata must come over HTTPS (leave true; tests against a loopback provider turn it off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>True when sign-in by OpenID Connect is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// Instructor sign-in through an OpenID Connect provider, by configuration only. The identity (issuer + subject) maps
/// to an instructor when (1) it was linked before: by an instructor signed in here who chose "Link single sign-on"
/// (<c>/instructor/oidc/link</c>), or by an earlier allowed sign-in; or (2) its verified email or its subject is in
/// <see cref="InstructorOidcOptions.Allowed"/>: the first sign-in then links it to the instructor named like that
/// email (created if none). Any other first sign-in is refused, and the sign-in page says why.
/// </summary>
internal static class InstructorOidc
{
    /// <summary>The authentication scheme name of the OpenID Connect handler.</summary>
    public const string Scheme = "InstructorOidc";

    /// <summary>The redirect URI path to register at the provider (after <c>Playground:PublicUrl</c>).</summary>
    public const string CallbackPath = "/instructor/signin-oidc";
    private const string LinkItem = "pg:link-instructor";

    /// <summary>Binds <see cref="InstructorOidcOptions"/> and, when configured, adds the OpenID Connect handler.</summary>
    public static void AddInstructorOidc(this AuthenticationBuilder auth, IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(InstructorOidcOptions.Section).Get<InstructorOidcOptions>() ?? new InstructorOidcOptions();
        services.AddSingleton(options);
        services.AddSingleton(sp => new InstructorLogins(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CohortStoreOptions>>().Value,
            sp.GetRequiredService<CohortStore>(), sp.GetRequiredService<ILogger<InstructorLogins>>()));
        if (!options.Enabled) return;
        auth.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = options.Authority;
            o.ClientId = options.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
            o.RequireHttpsMetadata = options.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // A query-string response comes back as a top-level GET: the Lax correlation cookies travel with it.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = InstructorClaims.Scheme;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "profile", "email" }) o.Scope.Add(scope);
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = MapToInstructorAsync;
            o.Events.OnRemoteFailure = context =>
            {
                var refused = context.Failure?.Message == NotAllowed;
                if (!refused)
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InstructorOidc))
                        .LogWarning(context.Failure, "OpenID Connect sign-in failed: {Message}", context.Failure?.Message);
                context.Response.Redirect($"{InstructorSignIn.SignInPath}?error={(refused ? "oidc-unknown" : "oidc")}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    private const string NotAllowed = "This identity is not linked to an instructor and is not in Playground:Instructors:Oidc:Allowed.";

    private static async Task MapToInstructorAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var settings = http.RequestServices.GetRequiredService<InstructorOidcOptions>();
        var logins = http.RequestServices.GetRequiredService<InstructorLogins>();
        var store = http.RequestServices.GetRequiredService<CohortStore>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InstructorOidc));
        var principal = context.Principal!;
        var sub = principal.FindFirst("sub");
        if (sub is null)
        {
            context.Fail("The provider sent no subject.");
            return;
        }
        var issuer = sub.Issuer;
        var verified = principal.FindFirst("email_verified")?.Value is not ("false" or "False");
        var email = verified ? principal.FindFirst("email")?.Value : null;

        Instructor? instructor = null;
        string action;
        if (context.Properties?.Items.TryGetValue(LinkItem, out var linkTo) == true && linkTo is not null)
        {
            // A signed-in instructor chose "Link single sign-on": this identity is theirs from now on.
            instructor = await store.GetInstructorAsync(linkTo, ct);
            action = "link-oidc";
        }
        else
        {
            instructor = await logins.FindAsync(issuer, sub.Value, ct);
            action = "oidc-sign-in";
            if (instructor is null && settings.Allowed.Any(a => string.Equals(a, sub.Value, StringComparison.Ordinal)
                    || (email is not null && string.Equals(a, email, StringComparison.OrdinalIgnoreCase))))
            {
                var name = email ?? sub.Value;
                instructor = (await store.ListInstructorsAsync(ct)).FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? await store.AddInstructorAsync(name.Length > 60 ? name[..60] : name, ct);
                action = "oidc-first-sign-in";
            }
        }
        if (instructor is null)
        {
            logger.LogWarning("OpenID Connect sign-in refused for {Issuer} subject {Subject} ({Email}): not linked, not allowed", issuer, sub.Value, email);
            context.Fail(NotAllowed);
            return;
        }
        await logins.LinkAsync(issuer, sub.Value, instructor.Id, email, ct);
        await store.RecordActionAsync(instructor, null, action, email ?? sub.Value, issuer, ct);
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(InstructorClaims.Id, instructor.Id), new Claim(ClaimTypes.Name, instructor.Name)], InstructorClaims.Scheme));
    }

    /// <summary>Maps <c>/instructor/oidc</c> (sign in) and <c>/instructor/oidc/link</c> (link to the signed-in instructor) when configured.</summary>
    public static void MapInstructorOidc(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<InstructorOidcOptions>().Enabled) return;
        app.MapGet("/instructor/oidc", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/instructor" }, [Scheme]));
        app.MapGet("/instructor/oidc/link", (HttpContext http) =>
        {
            var properties = new AuthenticationProperties { RedirectUri = "/instructor" };
            properties.Items[LinkItem] = http.User.InstructorId();
            return Results.Challenge(properties, [Scheme]);
        }).RequireAuthorization();
    }
}
