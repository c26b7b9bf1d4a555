namespace Playground.Sandboxes;

/// <summary>Bound from the <c>Playground:Sandboxes</c> configuration section.</summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Sandboxes";

    /// <summary>Folder holding one sub-folder per environment (Dockerfile + environment.yaml).</summary>
    public string ImagesRoot { get; set; } = "sandbox-images";

    /// <summary>
    /// Names this server's containers, volumes and networks (label playground.instance), so two
    /// Playgrounds — or a test run beside a live server — never touch each other's sandboxes.
    /// </summary>
    public string InstanceId { get; set; } = "default";

    /// <summary>A workspace with no activity this long ends (idle).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>How long a workspace lives before its extension.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(2);
    /// <summary>How much one extension adds.</summary>
    public TimeSpan Extension { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>How long before the end the learner is warned.</summary>
    public TimeSpan WarningBefore { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the clocks are swept.</summary>
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sandboxes on this server, at most.</summary>
    public int MaxSandboxes { get; set; } = 200;
    /// <summary>Open workspaces per learner, at most.</summary>
    public int MaxSandboxesPerLearner { get; set; } = 3;

    /// <summary>
    /// Seats (sandboxes) held for signed-in instructors: learners cannot fill them, so an instructor can always try a
    /// lesson or help during class. Default 0.
    /// </summary>
    public int ReservedInstructorSeats { get; set; }

    /// <summary>
    /// A learner refused for capacity waits in line (FIFO) instead. A queue ticket not renewed for this long
    /// (the page was closed) drops out. Default 30 s.
    /// </summary>
    public TimeSpan QueueTicketTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait of one long-poll on a queue ticket before it answers with the unchanged position. Default 25 s.</summary>
    public TimeSpan QueuePollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Session ends older than this do not count toward the queue's wait estimate. Default 30 min.</summary>
    public TimeSpan QueueEstimateWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The most sandboxes one pre-warm starts at the same time (each start costs CPU on a shared host). Default 4.</summary>
    public int PrewarmParallelism { get; set; } = 4;

    /// <summary>
    /// How long a pre-warmed sandbox beyond the pool's size (<see cref="Pool"/>) waits for a learner before it is removed,
    /// counted from its cohort's start (from the pre-warm itself when the cohort has no start or has started), and never
    /// past the end of the cohort's window. Default 30 min. Zero or negative: only the window's end removes them.
    /// </summary>
    public TimeSpan PrewarmTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Warm pool size per environment; overrides the spec's <c>pool</c>. Missing = spec default.</summary>
    public Dictionary<string, int> Pool { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Whether the warm pool runs.</summary>
    public bool PoolEnabled { get; set; } = true;

    /// <summary>Delay before replacing a sandbox taken from the pool, so the refill does not slow the taker's first prompt.</summary>
    public TimeSpan PoolRefillDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Remove every owned sandbox on shutdown (default). False keeps them for adoption by the next start.</summary>
    public bool RemoveOnShutdown { get; set; } = true;

    /// <summary>
    /// The Docker engine sandboxes run on: the dedicated sandbox engine that src/scripts/engine.sh starts
    /// (user-namespace remapped, its own socket), not the host's main engine. DOCKER_HOST-style
    /// (unix:///path or tcp://host:port). Default: PLAYGROUND_SANDBOX_HOST, else <see cref="SandboxEngine.DefaultHost"/>.
    /// </summary>
    public string EngineHost { get; set; } = SandboxEngine.HostFromEnvironment();

    /// <summary>
    /// Docker's default seccomp profile, which environments with <c>seccomp: &lt;file&gt;.json</c> extend.
    /// Null: the copy src/scripts/engine.sh installs, else Debian's golang-github-docker-docker-dev file.
    /// </summary>
    public string? SeccompDefaultProfile { get; set; }

    /// <summary>
    /// Allows environments whose spec is host-root-equivalent (seccomp unconfined: today the k8s environment).
    /// False (default) refuses them with a clear message. True means a learner in such a sandbox can take
    /// over this server: only for a host dedicated to one trusted class.
    /// </summary>
    public bool AllowUnconfinedEnvironments { get; set; }

    /// <summary>
    /// Admission by resources: a new sandbox is refused when the declared memory limits of live, pooled and
    /// starting sandboxes plus its own would exceed this share of the host's memory (0..1, default 0.8).
    /// </summary>
    public double MaxMemoryShare { get; set; } = 0.8;

    /// <summary>SQLite connection string for workspace records (shared file with progress by default).</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/playground.db";
}
