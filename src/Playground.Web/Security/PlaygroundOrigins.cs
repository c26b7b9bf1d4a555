using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Playground.Web.Hosting;

namespace Playground.Web.Security;

/// <summary>
/// The origins this server is reached at (<c>scheme://host[:port]</c>): every configured
/// <see cref="PlaygroundOptions.AllowedOrigins"/> plus the addresses it actually listens on when those name a
/// host (a loopback address also as <c>localhost</c>); a wildcard listen address (0.0.0.0, [::]) names none,
/// so a server listening on every interface needs its public origin configured. Used by the Host allow-list,
/// the Origin check of state-changing requests and the terminal's Origin check, so a DNS-rebound name
/// (<c>evil.example</c> resolving to this machine) is never one of them.
/// </summary>
internal sealed class PlaygroundOrigins
{
    private readonly Lazy<Snapshot> _snapshot;

    /// <summary>Reads the listening addresses lazily: they are known only once the server has started.</summary>
    public PlaygroundOrigins(IServer server, IOptions<PlaygroundOptions> options, IConfiguration configuration) =>
        _snapshot = new Lazy<Snapshot>(() => Build(server, options.Value, configuration));

    /// <summary>The allowed origins, lower-case, without a trailing slash.</summary>
    public IReadOnlyCollection<string> Origins => _snapshot.Value.Origins;

    /// <summary>The authorities (<c>host[:port]</c>, lower case, no default port) of <see cref="Origins"/>.</summary>
    public IReadOnlyCollection<string> Authorities => _snapshot.Value.Authorities;

    /// <summary>Whether <paramref name="origin"/> (an Origin header) is exactly one of <see cref="Origins"/>.</summary>
    public bool IsAllowedOrigin(string? origin) =>
        !string.IsNullOrEmpty(origin) && _snapshot.Value.Origins.Contains(origin.TrimEnd('/').ToLowerInvariant());

    /// <summary>
    /// Whether a request's Host header is one this server answers for: the authority of an allowed origin, or a
    /// host matching the standard <c>AllowedHosts</c> setting (semicolon-separated; <c>*</c> and <c>*.domain</c>
    /// allowed; ports ignored, as in ASP.NET Core's host filtering).
    /// </summary>
    public bool IsAllowedHost(HostString host)
    {
        if (!host.HasValue) return false;
        var snapshot = _snapshot.Value;
        return snapshot.Authorities.Contains(host.Value.ToLowerInvariant())
            || (snapshot.AllowedHosts.Count > 0 && HostString.MatchesAny(new StringSegment(host.Host), snapshot.AllowedHosts));
    }

    private sealed record Snapshot(HashSet<string> Origins, HashSet<string> Authorities, List<StringSegment> AllowedHosts);

    private static Snapshot Build(IServer server, PlaygroundOptions options, IConfiguration configuration)
    {
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var configured in options.AllowedOrigins)
            if (Normalize(configured) is { } origin) origins.Add(origin);
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) continue;
            // "http://+:80", "http://*:80" and wildcard IPs name no host a browser would use.
            if (uri.Host is "+" or "*" || (IPAddress.TryParse(uri.Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))))
                continue;
            if (Normalize(address) is { } origin) origins.Add(origin);
            // localhost cannot be rebound to another machine, so it is as safe as the loopback address itself.
            if (uri.IsLoopback && Normalize($"{uri.Scheme}://localhost:{uri.Port}") is { } local) origins.Add(local);
        }
        var authorities = origins.Select(o => new Uri(o).Authority.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var allowedHosts = (configuration["AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => new StringSegment(h)).ToList();
        return new Snapshot(origins, authorities, allowedHosts);
    }

    /// <summary><c>scheme://host[:port]</c> in lower case with the port only when it is not the scheme's default; null when not an http(s) URL.</summary>
    internal static string? Normalize(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        return $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant();
    }
}
