namespace Playground.Sandboxes;

/// <summary>Bound from the <c>Playground:Sandboxes</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Playground:Sandboxes";

    /// <summary>Folder holding one sub-folder per environment (Dockerfile + environment.yaml).</summary>
    public string ImagesRoot { get; set; } = "sandbox-images";

    /// <summary>
    /// Names this server's containers, volumes and networks (label playground.instance), so two
    /// Playgrounds — or a test run beside a live server — never touch each other's sandboxes.
    /// </summary>
    public string InstanceId { get; set; } = "default";

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan Extension { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan WarningBefore { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxSandboxes { get; set; } = 200;
    public int MaxSandboxesPerLearner { get; set; } = 3;

    /// <summary>Warm pool size per environment; overrides the spec's <c>pool</c>. Missing = spec default.</summary>
    public Dictionary<string, int> Pool { get; set; } = new(StringComparer.Ordinal);
    public bool PoolEnabled { get; set; } = true;

    /// <summary>Delay before replacing a sandbox taken from the pool, so the refill does not slow the taker's first prompt.</summary>
    public TimeSpan PoolRefillDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Remove every owned sandbox on shutdown (default). False keeps them for adoption by the next start.</summary>
    public bool RemoveOnShutdown { get; set; } = true;

    /// <summary>SQLite connection string for workspace records (shared file with progress by default).</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/playground.db";
}
