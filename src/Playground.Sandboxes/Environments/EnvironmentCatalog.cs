using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Environments;

/// <summary>
/// The environments declared under sandbox-images/, and whether the backend can start them.
/// A broken spec is logged and left out rather than failing start-up: one bad folder must not
/// take every lesson down.
/// </summary>
public sealed class EnvironmentCatalog
{
    private readonly ISandboxBackend _backend;
    private readonly ILogger<EnvironmentCatalog> _logger;
    private readonly IReadOnlyDictionary<string, EnvironmentSpec> _specs;
    private readonly ConcurrentDictionary<string, (EnvironmentAvailability Value, DateTimeOffset CheckedAt)> _availability = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _notRunnable = new(StringComparer.Ordinal);
    private readonly bool _allowUnconfined;

    /// <summary>Loads every environment under the sandbox images folder of <paramref name="options"/>.</summary>
    public EnvironmentCatalog(IOptions<SandboxOptions> options, ISandboxBackend backend, ILogger<EnvironmentCatalog> logger, TimeProvider? time = null)
    {
        _backend = backend;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var (specs, problems) = LoadAll(options.Value.ImagesRoot);
        foreach (var problem in problems)
            _logger.LogError("Environment spec skipped: {Problem}", problem);
        _allowUnconfined = options.Value.AllowUnconfinedEnvironments;
        var defaultProfile = SeccompProfiles.FindDefault(options.Value.SeccompDefaultProfile);
        foreach (var spec in specs.Values.ToList())
        {
            if (spec.SeccompAdditionsFile is not { } additions) continue;
            try
            {
                specs[spec.Name] = spec with { SeccompProfile = SeccompProfiles.Compose(defaultProfile, additions) };
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // Kept in the catalog (its lessons say why), but never started without its profile.
                _notRunnable[spec.Name] = e.Message;
                _logger.LogError("Environment {Environment} cannot start: {Problem}", spec.Name, e.Message);
            }
        }
        foreach (var spec in specs.Values.Where(s => s.SeccompUnconfined && _allowUnconfined))
            _logger.LogWarning("Environment {Environment} runs with seccomp unconfined and is ALLOWED (Playground:Sandboxes:AllowUnconfinedEnvironments=true): " +
                               "a learner in it is root on this server", spec.Name);
        _specs = specs;
        Problems = problems;
    }

    /// <summary>Every environment that loaded.</summary>
    public IReadOnlyCollection<EnvironmentSpec> All => _specs.Values.ToList();
    /// <summary>What was wrong in the environment files (<c>file:line: message</c>).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The environment named <paramref name="name"/>, or null.</summary>
    public EnvironmentSpec? Find(string name) => _specs.GetValueOrDefault(name);

    /// <summary>Loads every <c>*/environment.yaml</c> under <paramref name="imagesRoot"/>.</summary>
    public static (Dictionary<string, EnvironmentSpec> Specs, List<string> Problems) LoadAll(string imagesRoot)
    {
        var specs = new Dictionary<string, EnvironmentSpec>(StringComparer.Ordinal);
        var problems = new List<string>();
        if (!System.IO.Directory.Exists(imagesRoot))
        {
            problems.Add($"{imagesRoot}: the sandbox images folder does not exist");
            return (specs, problems);
        }
        foreach (var dir in System.IO.Directory.EnumerateDirectories(imagesRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "environment.yaml");
            if (!File.Exists(file)) continue;
            try
            {
                var spec = EnvironmentSpecLoader.LoadFile(file);
                specs[spec.Name] = spec;
            }
            catch (EnvironmentSpecException e)
            {
                problems.Add(e.Message);
            }
        }
        return (specs, problems);
    }

    /// <summary>
    /// Asks the backend (the engine for the environment's image). Answers are cached briefly because every
    /// catalog page asks for every environment, while images change only when someone builds.
    /// </summary>
    public async Task<EnvironmentAvailability> GetAvailabilityAsync(string name, CancellationToken ct = default)
    {
        if (_specs.GetValueOrDefault(name) is not { } spec)
            return new EnvironmentAvailability(false, $"unknown environment '{name}'", null);
        var now = _time.GetUtcNow();
        if (_availability.TryGetValue(name, out var cached) && now - cached.CheckedAt < TimeSpan.FromSeconds(10))
            return cached.Value;

        var value = await _backend.GetAvailabilityAsync(spec, ct);
        if (value.Available && RefusalOf(spec) is { } refusal) value = refusal;
        _availability[name] = (value, now);
        return value;
    }

    /// <summary>
    /// Why sandboxes of this environment must not start here even though its image exists, or null: its
    /// seccomp profile could not be composed, or its spec is host-root-equivalent and the operator has not
    /// allowed that. The backend asks too, so no path (pool, self-test) starts such a sandbox.
    /// </summary>
    public EnvironmentAvailability? RefusalOf(EnvironmentSpec spec) =>
        RefusalOf(spec, _allowUnconfined, _notRunnable.GetValueOrDefault(spec.Name));

    /// <summary>
    /// The same rule for a backend, which sees only the spec: <paramref name="notRunnable"/> is why its
    /// profile could not be composed (a spec with additions but no composed profile is refused too).
    /// </summary>
    public static EnvironmentAvailability? RefusalOf(EnvironmentSpec spec, bool allowUnconfined, string? notRunnable = null)
    {
        notRunnable ??= spec.SeccompAdditionsFile is not null && spec.SeccompProfile is null
            ? $"the seccomp profile of the '{spec.Name}' environment was not composed (Docker's default profile is missing?)"
            : null;
        if (notRunnable is not null)
            return new EnvironmentAvailability(false, notRunnable, "Run: src/scripts/engine.sh");
        if (spec.SeccompUnconfined && !allowUnconfined)
            return new EnvironmentAvailability(false,
                $"the '{spec.Name}' environment runs with seccomp unconfined and SYS_ADMIN, which is equivalent to root on this server, and this server does not allow that",
                "An operator can allow it with Playground:Sandboxes:AllowUnconfinedEnvironments=true; a learner in such a sandbox can then take over the server, " +
                "so do that only on a machine dedicated to one trusted class. See sandbox-images/k8s/README.md.");
        return null;
    }

    /// <summary>Forgets cached availability, so the next ask checks the engine again.</summary>
    public void ForgetAvailability() => _availability.Clear();
}
