using System.Net;
using System.Security.Cryptography;
using System.Text;
using Playground.Web.Errors;

namespace Playground.Web.Security;

/// <summary>
/// Bound from <c>Playground:Metrics</c>: who may read <c>/metrics</c>. Loopback clients always may; so may clients in
/// <see cref="AllowedNetworks"/>, and any request carrying <c>Authorization: Bearer</c> <see cref="BearerToken"/>.
/// Behind a reverse proxy the client address is the proxy's unless <c>Playground:ForwardedHeaders</c> trusts it.
/// </summary>
internal sealed class MetricsAccessOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Metrics";

    /// <summary>Networks in CIDR notation (e.g. <c>10.1.0.0/16</c> for the Prometheus host) that may scrape.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>A shared secret a scraper sends as <c>Authorization: Bearer …</c>; null or empty for none.</summary>
    public string? BearerToken { get; set; }
}

/// <summary>Restricts the /metrics endpoint per <see cref="MetricsAccessOptions"/>; others get 403 with a message saying how to open it.</summary>
internal static class MetricsAccess
{
    /// <summary>Wraps the endpoint's handler with the access check (options read from configuration at start).</summary>
    public static TBuilder RequireMetricsAccess<TBuilder>(this TBuilder builder, IConfiguration configuration) where TBuilder : IEndpointConventionBuilder
    {
        var options = configuration.GetSection(MetricsAccessOptions.Section).Get<MetricsAccessOptions>() ?? new MetricsAccessOptions();
        var networks = options.AllowedNetworks.Select(n => IPNetwork.TryParse(n, out var parsed) ? parsed
            : throw new InvalidOperationException($"{MetricsAccessOptions.Section}:AllowedNetworks: '{n}' is not a CIDR network (like 10.0.0.0/8).")).ToArray();
        var token = string.IsNullOrEmpty(options.BearerToken) ? null : Encoding.UTF8.GetBytes("Bearer " + options.BearerToken);
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = http => IsAllowed(http, networks, token)
                ? inner(http)
                : ProblemExceptionHandler.WriteAsync(http, StatusCodes.Status403Forbidden,
                    "Metrics are served to loopback clients only; open them with Playground:Metrics:AllowedNetworks or Playground:Metrics:BearerToken.").AsTask();
        });
        return builder;
    }

    internal static bool IsAllowed(HttpContext http, IReadOnlyList<IPNetwork> networks, byte[]? token)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is not null)
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (IPAddress.IsLoopback(address) || networks.Any(n => n.Contains(address))) return true;
        }
        if (token is null) return false;
        var presented = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString());
        return CryptographicOperations.FixedTimeEquals(presented, token);
    }
}
