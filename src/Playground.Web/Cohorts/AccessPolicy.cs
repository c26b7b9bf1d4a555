using System.Net;

namespace Playground.Web.Cohorts;

/// <summary>Who may start sandboxes: anyone (<see cref="Open"/>) or only members of a cohort (<see cref="Cohort"/>).</summary>
internal enum AccessMode { Open, Cohort }

/// <summary>
/// <c>Playground:Access</c> = <c>open</c> | <c>cohort</c>. Unset, it is <c>open</c> only when every listen address
/// is loopback (a laptop), and <c>cohort</c> otherwise: a server reachable by others never hands out sandboxes
/// to whoever finds it.
/// </summary>
internal sealed record AccessPolicy(AccessMode Mode)
{
    public const string Key = "Playground:Access";

    public static AccessPolicy From(IConfiguration configuration, string defaultUrls)
    {
        var configured = configuration[Key];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().ToLowerInvariant() switch
            {
                "open" => new(AccessMode.Open),
                "cohort" => new(AccessMode.Cohort),
                _ => throw new InvalidOperationException($"{Key} is '{configured}'; it must be 'open' or 'cohort'."),
            };
        }
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? configuration["Playground:Urls"] ?? defaultUrls;
        return new(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback) ? AccessMode.Open : AccessMode.Cohort);
    }

    internal static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) are not valid URIs; they listen everywhere.
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard.invalid").Replace("://+", "://wildcard.invalid"), UriKind.Absolute, out var uri)) return false;
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
