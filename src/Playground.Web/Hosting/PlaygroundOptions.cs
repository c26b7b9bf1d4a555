namespace Playground.Web.Hosting;

/// <summary>Bound from the <c>Playground</c> configuration section (env: Playground__Urls etc.).</summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>Where the server listens. Loopback by default: expose it through a reverse proxy on purpose.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// Extra origins allowed to open terminal WebSockets (a reverse proxy's public origin).
    /// The server's own origin is always allowed.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Watch lessons/ and push live reloads to open pages.</summary>
    public bool AuthorMode { get; set; }

    /// <summary>Mark the learner cookie Secure (set when served over HTTPS).</summary>
    public bool SecureCookies { get; set; }
}
