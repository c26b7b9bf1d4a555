using Microsoft.Extensions.Options;
using Playground.Sandboxes.Environments;
using Playground.Sandboxes.Pool;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// The sandbox caps (per server, per learner, and by declared memory through <see cref="ResourceAdmission"/>), minus
/// the seats <see cref="ReservedCapacity"/> holds for other groups.
/// A place is claimed under one lock before the
/// slow sandbox start, so a burst of 200 learners clicking at once cannot overshoot the cap, and
/// it turns into a live workspace under the same lock, so a concurrent claim never sees neither.
/// </summary>
public sealed class WorkspaceAdmission(WorkspaceRegistry registry, ResourceAdmission resources, ReservedCapacity reservedSeats, WarmPool pool, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _reservedByLearner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _reservedByGroup = new(StringComparer.Ordinal);
    private int _reserved;
    private long _reservedMemory;

    private SandboxOptions Options => options.Value;

    /// <summary>Places claimed and not yet live or given back.</summary>
    public int Reserved
    {
        get { lock (_lock) return _reserved; }
    }

    /// <summary>
    /// Claims one place for the learner's sandbox of <paramref name="spec"/> in admission group <paramref name="group"/>
    /// (<see cref="WorkspaceTerms.Group"/>). Throws <see cref="CapacityExceededException"/> (with the message a learner
    /// reads) when the server or the learner is at the cap. <paramref name="fromPool"/>: the sandbox comes from the warm
    /// pool, whose memory is already counted. Dispose the reservation to give the place back, or <see cref="Admit"/> it.
    /// </summary>
    /// <param name="learnerId">The learner.</param>
    /// <param name="spec">The environment of the sandbox to start.</param>
    /// <param name="group">Admission group, or null.</param>
    /// <param name="fromPool">The sandbox comes from the warm pool.</param>
    /// <param name="replacing">A live workspace the new one replaces (a reset): its sandboxes do not count, so the
    /// replacement keeps its seat; the caller ends it while holding the reservation, so no one else can take the seat.</param>
    public Reservation Reserve(string learnerId, EnvironmentSpec spec, string? group = null, bool fromPool = false, Workspace? replacing = null)
    {
        lock (_lock)
        {
            var held = HeldForOthers(group);
            // A replaced workspace still live gives its seats to its replacement (ended already: it counts nowhere).
            var replaced = replacing is not null && registry.Get(replacing.Id) is { } old ? old : null;
            var freed = replaced?.Sandboxes.Count ?? 0;
            if (registry.SandboxCount - freed + _reserved + held >= Options.MaxSandboxes)
                throw new CapacityExceededException(held == 0
                    ? $"Playground is at capacity ({Sandboxes(Options.MaxSandboxes)} {(Options.MaxSandboxes == 1 ? "is" : "are")} running). Please try again in a few minutes."
                    : $"Playground is at capacity ({Sandboxes(Options.MaxSandboxes)}, {held} of {(Options.MaxSandboxes == 1 ? "it" : "them")} reserved for a class or instructors). Please try again in a few minutes.",
                    perLearner: false);
            var mine = registry.CountForLearner(learnerId) - (replaced is null ? 0 : 1) + _reservedByLearner.GetValueOrDefault(learnerId);
            if (mine >= Options.MaxSandboxesPerLearner)
                throw new CapacityExceededException(
                    $"You already have {mine} sessions open (the limit is {Options.MaxSandboxesPerLearner}). Close one of them to start another.", perLearner: true);
            var memory = spec.Limits.MemoryBytes;
            resources.Check(spec, registry.All.Where(w => w.Id != replaced?.Id), _reservedMemory + held * memory - (fromPool ? memory : 0));
            _reserved++;
            _reservedMemory += memory;
            // A pooled sandbox (of another environment) holding this seat gives way.
            pool.EvictForCap(registry.SandboxCount - freed + _reserved);
            _reservedByLearner[learnerId] = _reservedByLearner.GetValueOrDefault(learnerId) + 1;
            var key = group ?? "";
            _reservedByGroup[key] = _reservedByGroup.GetValueOrDefault(key) + 1;
            return new Reservation(this, learnerId, key, memory);
        }
    }

    /// <summary>
    /// Whether one more sandbox of <paramref name="spec"/> for <paramref name="group"/> fits now (no claim is made):
    /// the queue asks before it starts its head's workspace, a pre-warm before each sandbox it adds.
    /// <paramref name="extraCount"/> and <paramref name="extraMemory"/> count sandboxes the caller is about to start
    /// (not claimed yet) as taken.
    /// </summary>
    public bool Fits(EnvironmentSpec spec, string? group, int extraCount = 0, long extraMemory = 0)
    {
        lock (_lock)
        {
            var held = HeldForOthers(group);
            if (registry.SandboxCount + _reserved + held + extraCount >= Options.MaxSandboxes) return false;
            try
            {
                resources.Check(spec, registry.All, _reservedMemory + held * spec.Limits.MemoryBytes + extraMemory);
                return true;
            }
            catch (CapacityExceededException)
            {
                return false;
            }
        }
    }

    private static string Sandboxes(int count) => count == 1 ? "1 sandbox" : $"{count} sandboxes";

    // Under _lock: seats reserved for other groups that neither their live workspaces nor their claims fill.
    private int HeldForOthers(string? group)
    {
        var live = registry.All;
        return reservedSeats.HeldForOthers(group, g =>
            live.Where(w => w.AdmissionGroup == g).Sum(w => w.Sandboxes.Count) + _reservedByGroup.GetValueOrDefault(g));
    }

    /// <summary>Makes the workspace live and releases the reservation in one step.</summary>
    public void Admit(Reservation reservation, Workspace workspace)
    {
        lock (_lock)
        {
            registry.Add(workspace);
            reservation.Dispose();
        }
    }

    private void Release(string learnerId, string group, long memoryBytes)
    {
        lock (_lock)
        {
            _reserved--;
            if (--_reservedByGroup[group] == 0) _reservedByGroup.Remove(group);
            _reservedMemory -= memoryBytes;
            if (--_reservedByLearner[learnerId] == 0) _reservedByLearner.Remove(learnerId);
        }
    }

    /// <summary>A claimed place; disposing gives it back (once).</summary>
    public sealed class Reservation : IDisposable
    {
        private readonly WorkspaceAdmission _owner;
        private readonly string _learnerId;
        private readonly string _group;
        private readonly long _memoryBytes;
        private int _released;

        internal Reservation(WorkspaceAdmission owner, string learnerId, string group, long memoryBytes)
        {
            _owner = owner;
            _learnerId = learnerId;
            _group = group;
            _memoryBytes = memoryBytes;
        }

        /// <summary>Gives the place back; later calls do nothing.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _owner.Release(_learnerId, _group, _memoryBytes);
        }
    }
}
