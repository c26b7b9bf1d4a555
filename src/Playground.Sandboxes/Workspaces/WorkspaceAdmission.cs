using Microsoft.Extensions.Options;
using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// The sandbox caps (per server, per learner, and by declared memory through <see cref="ResourceAdmission"/>).
/// A place is claimed under one lock before the
/// slow sandbox start, so a burst of 200 learners clicking at once cannot overshoot the cap, and
/// it turns into a live workspace under the same lock, so a concurrent claim never sees neither.
/// </summary>
public sealed class WorkspaceAdmission(WorkspaceRegistry registry, ResourceAdmission resources, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _reservedByLearner = new(StringComparer.Ordinal);
    private int _reserved;
    private long _reservedMemory;

    private SandboxOptions Options => options.Value;

    /// <summary>Places claimed and not yet live or given back.</summary>
    public int Reserved
    {
        get { lock (_lock) return _reserved; }
    }

    /// <summary>
    /// Claims one place for the learner's sandbox of <paramref name="spec"/>. Throws <see cref="CapacityExceededException"/> (with the
    /// message a learner reads) when the server or the learner is at the cap. Dispose the
    /// reservation to give the place back, or <see cref="Admit"/> it.
    /// </summary>
    public Reservation Reserve(string learnerId, EnvironmentSpec spec)
    {
        lock (_lock)
        {
            if (registry.SandboxCount + _reserved >= Options.MaxSandboxes)
                throw new CapacityExceededException(
                    $"Playground is at capacity ({Options.MaxSandboxes} sandboxes are running). Please try again in a few minutes.", perLearner: false);
            var mine = registry.CountForLearner(learnerId) + _reservedByLearner.GetValueOrDefault(learnerId);
            if (mine >= Options.MaxSandboxesPerLearner)
                throw new CapacityExceededException(
                    $"You already have {mine} sessions open (the limit is {Options.MaxSandboxesPerLearner}). Close one of them to start another.", perLearner: true);
            resources.Check(spec, registry.All, _reservedMemory);
            _reserved++;
            _reservedMemory += spec.Limits.MemoryBytes;
            _reservedByLearner[learnerId] = _reservedByLearner.GetValueOrDefault(learnerId) + 1;
            return new Reservation(this, learnerId, spec.Limits.MemoryBytes);
        }
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

    private void Release(string learnerId, long memoryBytes)
    {
        lock (_lock)
        {
            _reserved--;
            _reservedMemory -= memoryBytes;
            if (--_reservedByLearner[learnerId] == 0) _reservedByLearner.Remove(learnerId);
        }
    }

    /// <summary>A claimed place; disposing gives it back (once).</summary>
    public sealed class Reservation : IDisposable
    {
        private readonly WorkspaceAdmission _owner;
        private readonly string _learnerId;
        private readonly long _memoryBytes;
        private int _released;

        internal Reservation(WorkspaceAdmission owner, string learnerId, long memoryBytes)
        {
            _owner = owner;
            _learnerId = learnerId;
            _memoryBytes = memoryBytes;
        }

        /// <summary>Gives the place back; later calls do nothing.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _owner.Release(_learnerId, _memoryBytes);
        }
    }
}
