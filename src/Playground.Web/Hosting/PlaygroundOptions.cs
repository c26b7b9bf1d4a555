namespace Playground.Web.Hosting;

/// <summary>Bound from the <c>Playground</c> configuration section (env: Playground__Urls etc.).</summary>
internal sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>Where the server listens. Loopback by default: expose it through a reverse proxy on purpose.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The longest a stop (SIGTERM, Ctrl-C) may take, sandbox removal included (HostOptions.ShutdownTimeout). Default 60 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The origins (<c>https://class.example.org</c>) learners reach this server at, e.g. a reverse proxy's public
    /// origin. The addresses the server listens on are always included when they name a host; a server listening
    /// on 0.0.0.0 must list its public origin here. Requests for other hosts are refused, and only these origins
    /// may post to the API or open terminals.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Watch lessons/ and push live reloads to open pages.</summary>
    public bool AuthorMode { get; set; }

    /// <summary>Largest request body accepted, in bytes (<c>Playground:MaxRequestBodySize</c>); larger ones get 413.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>Mark the learner cookie Secure (set when served over HTTPS).</summary>
    public bool SecureCookies { get; set; }
}
