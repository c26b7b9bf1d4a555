using System.Globalization;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Admission by resources, not only by count: the memory limits that sandboxes declare (environment.yaml
/// <c>limits.memory</c>) are what they may use, so their sum must fit the host. A new sandbox is refused when
/// the declared limits of live, pooled and starting sandboxes plus its own would exceed
/// <see cref="SandboxOptions.MaxMemoryShare"/> of the host's memory (MemTotal of /proc/meminfo).
/// </summary>
public sealed class ResourceAdmission(IOptions<SandboxOptions> options, EnvironmentCatalog environments, WarmPool pool)
{
    private readonly Lazy<long> _hostMemory = new(ReadHostMemoryBytes);

    /// <summary>The host's memory in bytes; 0 when unknown (then admission by memory is off).</summary>
    public long HostMemoryBytes => _hostMemory.Value;

    /// <summary>Bytes of declared memory limits this server admits in total.</summary>
    public long BudgetBytes => (long)(HostMemoryBytes * Math.Clamp(options.Value.MaxMemoryShare, 0, 1));

    /// <summary>
    /// Throws <see cref="CapacityExceededException"/> when <paramref name="spec"/> does not fit beside
    /// <paramref name="live"/> workspaces, the warm pool and <paramref name="startingBytes"/> of sandboxes
    /// being started. Call under the caller's capacity lock so concurrent creates cannot both fit.
    /// </summary>
    public void Check(EnvironmentSpec spec, IEnumerable<Workspace> live, long startingBytes)
    {
        if (HostMemoryBytes <= 0) return;
        var committed = startingBytes
            + live.Sum(w => w.Sandboxes.Count * MemoryOf(w.Environment))
            + environments.All.Sum(e => pool.Count(e.Name) * e.Limits.MemoryBytes);
        if (committed + spec.Limits.MemoryBytes <= BudgetBytes) return;
        throw new CapacityExceededException(
            $"Playground is at capacity: the sandboxes running here already reserve {Gib(committed)} of the {Gib(BudgetBytes)} of memory " +
            $"this server gives sandboxes, and a '{spec.Name}' sandbox needs {Gib(spec.Limits.MemoryBytes)}. Please try again in a few minutes.",
            perLearner: false);
    }

    private long MemoryOf(string environment) => environments.Find(environment)?.Limits.MemoryBytes ?? 0;

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB";

    private static long ReadHostMemoryBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
                var kib = line["MemTotal:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
