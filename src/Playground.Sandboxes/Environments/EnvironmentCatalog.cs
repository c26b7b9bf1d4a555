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

    public EnvironmentCatalog(IOptions<SandboxOptions> options, ISandboxBackend backend, ILogger<EnvironmentCatalog> logger, TimeProvider? time = null)
    {
        _backend = backend;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var (specs, problems) = LoadAll(options.Value.ImagesRoot);
        foreach (var problem in problems)
            _logger.LogError("Environment spec skipped: {Problem}", problem);
        _specs = specs;
        Problems = problems;
    }

    public IReadOnlyCollection<EnvironmentSpec> All => _specs.Values.ToList();
    public IReadOnlyList<string> Problems { get; }

    public EnvironmentSpec? Find(string name) => _specs.GetValueOrDefault(name);

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
        _availability[name] = (value, now);
        return value;
    }

    public void ForgetAvailability() => _availability.Clear();
}
