using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Playground.Web.Security;

/// <summary>
/// Bound from <c>Playground:ForwardedHeaders</c>: the reverse proxies (nginx, Caddy) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Off (empty lists) by default: then those headers are ignored, and behind a
/// proxy every learner would share the proxy's address (one rate-limit bucket, and /metrics open to whatever the proxy
/// forwards).
/// </summary>
internal sealed class ProxyHeadersOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:ForwardedHeaders";

    /// <summary>IP addresses of trusted proxies, e.g. <c>127.0.0.1</c> when nginx runs on the same server.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Trusted proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain are unwrapped (the nearest first); 1 for a single nginx.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>True when any proxy is trusted.</summary>
    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>
/// ASP.NET Core's ForwardedHeaders middleware, configured from <see cref="ProxyHeadersOptions"/>: the client address
/// (rate limits, the /metrics network check) and the scheme come from a trusted proxy's headers. The Host header is
/// not taken from <c>X-Forwarded-Host</c>: the proxy passes the original Host on (<c>proxy_set_header Host $host</c>),
/// so the Host allow-list and the Origin check see what the browser sent.
/// </summary>
internal static class ProxyHeaders
{
    /// <summary>Binds the options; a bad address or network fails at start with a message naming it.</summary>
    public static IServiceCollection AddPlaygroundProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration.GetSection(ProxyHeadersOptions.Section).Get<ProxyHeadersOptions>() ?? new ProxyHeadersOptions();
        services.AddSingleton(configured);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = Math.Max(1, configured.ForwardLimit);
            // Only what is configured is trusted (the framework's default trusts loopback).
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in configured.KnownProxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                    : throw new InvalidOperationException($"{ProxyHeadersOptions.Section}:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var network in configured.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"{ProxyHeadersOptions.Section}:KnownNetworks: '{network}' is not a CIDR network (like 10.0.0.0/8)."));
        });
        return services;
    }

    /// <summary>Runs the middleware first, when a proxy is configured; otherwise forwarded headers are ignored.</summary>
    public static void UsePlaygroundProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyHeadersOptions>().Enabled) app.UseForwardedHeaders();
    }
}
