using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Playground.Web.Hosting;
using Playground.Web.Security;

namespace Playground.Web.Previews;

/// <summary>
/// Preview host names, <c>p-&lt;port&gt;-&lt;workspace&gt;.&lt;base&gt;</c>: each previewed app gets an origin of its
/// own, so it never runs on Playground's origin (its scripts cannot call Playground's API with the learner's cookie,
/// and Playground's host-only cookie is never sent to it). A base is an authority Playground answers at
/// (<see cref="PlaygroundOrigins"/>) whose host is a name, not an IP address (<c>localhost:5080</c>,
/// <c>class.example.org</c>); <c>*.localhost</c> resolves to the loopback address in browsers (RFC 6761), so
/// previews work on a developer machine without DNS. A server reached only by IP address has no base: its
/// operator configures a wildcard DNS name (see README) or the path form.
/// </summary>
internal sealed partial class PreviewHosts(PlaygroundOrigins origins, IOptions<PreviewOptions> options, IConfiguration configuration)
{
    /// <summary>Reserved path on a preview host that exchanges a one-time ticket for the preview cookie.</summary>
    public const string AuthPath = "/__playground/preview-auth";

    /// <summary>The label for a target: <c>p-8000-abc234</c>.</summary>
    public static string Label(PreviewTarget target) => $"p-{target.Port.ToString(CultureInfo.InvariantCulture)}-{target.WorkspaceId}";

    /// <summary>
    /// The target a Host header names when it is <c>p-PORT-WORKSPACE.</c> followed by an allowed base; null otherwise
    /// (Playground's own hosts, unknown bases, malformed labels).
    /// </summary>
    public PreviewTarget? Parse(HostString host)
    {
        if (!host.HasValue) return null;
        var value = host.Value.ToLowerInvariant();
        var dot = value.IndexOf('.');
        if (dot <= 0) return null;
        var match = LabelPattern().Match(value[..dot]);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return null;
        return IsBase(value[(dot + 1)..]) ? new PreviewTarget(match.Groups[2].Value, port) : null;
    }

    /// <summary>Whether <paramref name="authority"/> (<c>host[:port]</c>, lower case) may carry preview hosts.</summary>
    public bool IsBase(string authority) =>
        origins.Authorities.Contains(authority) && !IPAddress.TryParse(HostOf(authority), out _) && HostOf(authority).Length > 0;

    /// <summary>
    /// The origin (<c>scheme://p-PORT-ID.base</c>) of <paramref name="target"/>'s preview for a request, or null when
    /// the host form is not available: the base is <c>Playground:PublicUrl</c> when it names a base, else the
    /// request's own host when it is a name, else <c>localhost</c> for a loopback address.
    /// </summary>
    public string? OriginFor(HttpRequest request, PreviewTarget target)
    {
        if (!options.Value.HostForm) return null;
        string? scheme = null, authority = null;
        if (Uri.TryCreate(configuration["Playground:PublicUrl"], UriKind.Absolute, out var publicUrl) && IsBase(publicUrl.Authority.ToLowerInvariant()))
            (scheme, authority) = (publicUrl.Scheme, publicUrl.Authority.ToLowerInvariant());
        else if (request.Host.HasValue)
        {
            var host = request.Host.Host;
            var candidate = IPAddress.TryParse(host.Trim('[', ']'), out var ip)
                ? IPAddress.IsLoopback(ip) ? new HostString("localhost", request.Host.Port ?? DefaultPort(request.Scheme)).Value : null
                : request.Host.Value;
            candidate = candidate?.ToLowerInvariant();
            if (candidate is not null && candidate.EndsWith(":" + DefaultPort(request.Scheme), StringComparison.Ordinal))
                candidate = candidate[..candidate.LastIndexOf(':')];
            if (candidate is not null && IsBase(candidate)) (scheme, authority) = (request.Scheme, candidate);
        }
        return authority is null ? null : $"{scheme}://{Label(target)}.{authority}";
    }

    private static int DefaultPort(string scheme) => scheme == "https" ? 443 : 80;

    private static string HostOf(string authority)
    {
        if (authority.StartsWith('[')) return authority[..(authority.IndexOf(']') + 1)].Trim('[', ']');
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    // Workspace ids are lower-case base32 (Ids.New); ports have no leading zero.
    [GeneratedRegex("^p-([1-9][0-9]{0,4})-([a-z0-9]{1,48})$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}

/// <summary>Bound from <c>Playground:Previews</c>.</summary>
internal sealed class PreviewOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Previews";

    /// <summary>Serve previews at <c>p-PORT-WORKSPACE.&lt;base host&gt;</c> (<c>Playground:Previews:HostForm</c>, default true).</summary>
    public bool HostForm { get; set; } = true;

    /// <summary>
    /// Also serve previews at <c>/preview/WORKSPACE/PORT/</c> on Playground's own origin
    /// (<c>Playground:Previews:PathForm</c>, default false): the previewed app then runs with Playground's origin
    /// and can call its API as the learner. Only for servers that cannot have a wildcard host name.
    /// </summary>
    public bool PathForm { get; set; }

    /// <summary>How long a preview link's one-time ticket is valid, in seconds (default 60).</summary>
    public int TicketSeconds { get; set; } = 60;
}
