using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Playground.Web.Tests.Infrastructure;

/// <summary>
/// A minimal OpenID Connect provider on loopback for tests: discovery, JWKS (a fresh RSA test key), an authorize
/// endpoint that signs in whoever <see cref="NextUser"/> names and redirects back with a code (query response mode),
/// and a token endpoint that answers the code with an RS256 id_token carrying the authorize request's nonce.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, string ClientId, FakeUser User)> _codes = new();

    private FakeOidcProvider(WebApplication app) => _app = app;

    /// <summary>The issuer (= authority) URL, http://127.0.0.1:PORT.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Who the next authorize request signs in.</summary>
    public FakeUser NextUser { get; set; } = new("nobody", null);

    /// <summary>Query strings of the authorize requests received.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    public static async Task<FakeOidcProvider> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOidcProvider(app);
        provider.Map();
        await app.StartAsync(ct);
        provider.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return provider;
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var p = _rsa.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-key", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        _app.MapGet("/authorize", (HttpContext http) =>
        {
            var q = http.Request.Query;
            AuthorizeRequests.Enqueue(q);
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (q["nonce"].ToString(), q["client_id"].ToString(), NextUser);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
        });
        _app.MapPost("/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!_codes.TryRemove(form["code"].ToString(), out var grant)) return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            var claims = new Dictionary<string, object> { ["sub"] = grant.User.Subject, ["nonce"] = grant.Nonce, ["name"] = grant.User.Subject };
            if (grant.User.Email is { } email)
            {
                claims["email"] = email;
                claims["email_verified"] = true;
            }
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer, Audience = grant.ClientId, Claims = claims, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "fake-access-token", token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}

/// <summary>An account at the fake provider.</summary>
public sealed record FakeUser(string Subject, string? Email);
