using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Playground.Cohorts;

namespace Playground.Web.Cohorts;

/// <summary>
/// Instructor sign-in as plain server-rendered forms (no script, so they work under a strict CSP), protected by
/// ASP.NET Core antiforgery: a password form, and the one-time link from `playground instructors add` that
/// sets the password. Both languages; the page follows ?lang= or the browser's Accept-Language.
/// </summary>
internal static class InstructorSignIn
{
    public const string SignInPath = "/instructor/sign-in";

    public static void MapInstructorSignIn(this WebApplication app)
    {
        app.MapGet(SignInPath, (HttpContext http, IAntiforgery antiforgery, InstructorOidcOptions oidc, string? error) =>
            Page(http, T(http, "signIn.title"), SignInForm(http, antiforgery, error) + OidcButton(http, oidc)));
        app.MapPost(SignInPath, SignInAsync);
        app.MapGet(SignInPath + "/{token}", async (string token, HttpContext http, IAntiforgery antiforgery, CohortStore store, CancellationToken ct) =>
            await store.PeekSignInTokenAsync(token, ct) is { } instructor
                ? Page(http, T(http, "link.title"), LinkForm(http, antiforgery, token, instructor.Name, null))
                : Page(http, T(http, "link.title"), $"<p class=\"pg-panel pg-panel-error\" role=\"alert\">{E(T(http, "link.invalid"))}</p><p><a href=\"{SignInPath}\">{E(T(http, "signIn.title"))}</a></p>", 404));
        app.MapPost(SignInPath + "/{token}", RedeemAsync);
        app.MapPost("/instructor/sign-out", async (HttpContext http, [FromForm] string? unused) =>
        {
            await http.SignOutAsync(InstructorClaims.Scheme);
            return Results.Redirect(SignInPath);
        });
    }

    private static async Task<IResult> SignInAsync(HttpContext http, [FromForm] string? name, [FromForm] string? password, CohortStore store, CancellationToken ct)
    {
        var instructor = await store.VerifyPasswordAsync(name, password, ct);
        if (instructor is null) return Results.Redirect($"{SignInPath}?error=1");
        await SignInCookieAsync(http, instructor);
        return Results.Redirect("/instructor");
    }

    private static async Task<IResult> RedeemAsync(string token, HttpContext http, [FromForm] string? password, [FromForm] string? confirm,
        CohortStore store, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (await store.PeekSignInTokenAsync(token, ct) is not { } pending)
            return Page(http, T(http, "link.title"), $"<p class=\"pg-panel pg-panel-error\" role=\"alert\">{E(T(http, "link.invalid"))}</p>", 404);
        if (password != confirm)
            return Page(http, T(http, "link.title"), LinkForm(http, antiforgery, token, pending.Name, T(http, "link.mismatch")), 400);
        try
        {
            var instructor = await store.RedeemSignInTokenAsync(token, password ?? "", ct);
            if (instructor is null)
                return Page(http, T(http, "link.title"), $"<p class=\"pg-panel pg-panel-error\" role=\"alert\">{E(T(http, "link.invalid"))}</p>", 404);
            await SignInCookieAsync(http, instructor);
            return Results.Redirect("/instructor");
        }
        catch (CohortException)
        {
            return Page(http, T(http, "link.title"), LinkForm(http, antiforgery, token, pending.Name, T(http, "link.short")), 400);
        }
    }

    private static Task SignInCookieAsync(HttpContext http, Instructor instructor)
    {
        var identity = new ClaimsIdentity(
            [new Claim(InstructorClaims.Id, instructor.Id), new Claim(ClaimTypes.Name, instructor.Name)], InstructorClaims.Scheme);
        return http.SignInAsync(InstructorClaims.Scheme, new ClaimsPrincipal(identity));
    }

    private static string OidcButton(HttpContext http, InstructorOidcOptions oidc) => !oidc.Enabled ? "" : $"""
        <p><a class="pg-button" id="sign-in-oidc" href="/instructor/oidc">{E(T(http, "signIn.oidc").Replace("{name}", oidc.DisplayName))}</a></p>
        """;

    private static string SignInForm(HttpContext http, IAntiforgery antiforgery, string? error) => $"""
        {(error is null ? "" : $"<p class=\"pg-panel pg-panel-error\" role=\"alert\">{E(T(http, error switch { "oidc-unknown" => "signIn.oidcUnknown", "oidc" => "signIn.oidcFailed", _ => "signIn.failed" }))}</p>")}
        <form method="post" action="{SignInPath}" class="pg-form" id="sign-in-form">
          {Token(http, antiforgery)}
          <label>{E(T(http, "signIn.name"))} <input name="name" id="sign-in-name" autocomplete="username" required maxlength="60"></label>
          <label>{E(T(http, "signIn.password"))} <input name="password" id="sign-in-password" type="password" autocomplete="current-password" required></label>
          <button class="pg-button pg-button-primary" type="submit" id="sign-in-submit">{E(T(http, "signIn.submit"))}</button>
        </form>
        <p class="pg-panel-note">{E(T(http, "signIn.note"))}</p>
        """;

    private static string LinkForm(HttpContext http, IAntiforgery antiforgery, string token, string name, string? error) => $"""
        <p>{E(T(http, "link.welcome").Replace("{name}", name))}</p>
        {(error is null ? "" : $"<p class=\"pg-panel pg-panel-error\" role=\"alert\">{E(error)}</p>")}
        <form method="post" action="{SignInPath}/{UrlEncoder.Default.Encode(token)}" class="pg-form" id="set-password-form">
          {Token(http, antiforgery)}
          <label>{E(T(http, "link.password"))} <input name="password" id="new-password" type="password" autocomplete="new-password" minlength="10" required></label>
          <label>{E(T(http, "link.confirm"))} <input name="confirm" id="confirm-password" type="password" autocomplete="new-password" minlength="10" required></label>
          <button class="pg-button pg-button-primary" type="submit" id="set-password-submit">{E(T(http, "link.submit"))}</button>
        </form>
        """;

    private static string Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken ?? "")}\">";
    }

    private static IResult Page(HttpContext http, string title, string body, int status = 200)
    {
        var lang = Language(http);
        var html = $"""
            <!doctype html>
            <html lang="{lang}" data-theme="light">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{E(title)} · Playground</title>
              <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="/static/css/app.css">
              <link rel="stylesheet" href="/static/css/cohort.css">
            </head>
            <body class="pg-instructor-page">
              <header class="pg-header"><a class="pg-brand" href="/"><img src="/static/img/favicon.svg" alt="" width="24" height="24"><span>Playground</span></a>
                <nav class="pg-header-tools"><a href="?lang=en">English</a> · <a href="?lang=ko">한국어</a></nav></header>
              <main class="pg-narrow"><h1>{E(title)}</h1>
              {body}
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    internal static string Language(HttpContext http)
    {
        var requested = http.Request.Query["lang"].ToString();
        if (requested is "en" or "ko") return requested;
        return http.Request.Headers.AcceptLanguage.ToString().StartsWith("ko", StringComparison.OrdinalIgnoreCase) ? "ko" : "en";
    }

    private static string T(HttpContext http, string key) => (Language(http) == "ko" ? Ko : En).GetValueOrDefault(key) ?? En[key];

    private static readonly Dictionary<string, string> En = new()
    {
        ["signIn.title"] = "Instructor sign-in",
        ["signIn.name"] = "Name",
        ["signIn.password"] = "Password",
        ["signIn.submit"] = "Sign in",
        ["signIn.failed"] = "The name or the password is wrong.",
        ["signIn.oidc"] = "Sign in with {name}",
        ["signIn.oidcUnknown"] = "This account is not an instructor here yet. Ask an instructor to add you (you get a one-time link); once signed in with it, choose \"Link single sign-on\" on the instructor page. Or ask the operator to add your email to the allowed list.",
        ["signIn.oidcFailed"] = "Single sign-on did not complete. Try again, or sign in with your name and password.",
        ["signIn.note"] = "Learners do not sign in here: they join with the link or code from their instructor.",
        ["link.title"] = "Set your instructor password",
        ["link.welcome"] = "Welcome, {name}. Choose a password (at least 10 characters) to finish setting up your account.",
        ["link.password"] = "New password",
        ["link.confirm"] = "Repeat the password",
        ["link.submit"] = "Save and sign in",
        ["link.invalid"] = "This sign-in link is not valid: it was used already or has expired. Ask for a new one (playground instructors add, or another instructor).",
        ["link.mismatch"] = "The two passwords differ.",
        ["link.short"] = "A password is 10 to 512 characters long.",
    };

    private static readonly Dictionary<string, string> Ko = new()
    {
        ["signIn.title"] = "강사 로그인",
        ["signIn.name"] = "이름",
        ["signIn.password"] = "비밀번호",
        ["signIn.submit"] = "로그인",
        ["signIn.failed"] = "이름 또는 비밀번호가 올바르지 않습니다.",
        ["signIn.oidc"] = "{name}(으)로 로그인",
        ["signIn.oidcUnknown"] = "이 계정은 아직 이 서버의 강사가 아닙니다. 강사에게 추가를 요청하세요(일회용 링크를 받습니다). 그 링크로 로그인한 뒤 강사 페이지에서 \"통합 로그인 연결\"을 선택하세요. 또는 운영자에게 이메일을 허용 목록에 추가해 달라고 요청하세요.",
        ["signIn.oidcFailed"] = "통합 로그인이 완료되지 않았습니다. 다시 시도하거나 이름과 비밀번호로 로그인하세요.",
        ["signIn.note"] = "학습자는 여기서 로그인하지 않습니다. 강사에게 받은 링크나 코드로 참여합니다.",
        ["link.title"] = "강사 비밀번호 설정",
        ["link.welcome"] = "{name}님, 환영합니다. 계정 설정을 마치려면 비밀번호(10자 이상)를 정하세요.",
        ["link.password"] = "새 비밀번호",
        ["link.confirm"] = "비밀번호 다시 입력",
        ["link.submit"] = "저장하고 로그인",
        ["link.invalid"] = "이 로그인 링크는 이미 사용되었거나 만료되었습니다. 새 링크를 요청하세요 (playground instructors add 또는 다른 강사).",
        ["link.mismatch"] = "두 비밀번호가 다릅니다.",
        ["link.short"] = "비밀번호는 10자 이상 512자 이하여야 합니다.",
    };
}
