using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Playground.Sandboxes.Workspaces;

/// <summary>
/// Seats held back for groups (<see cref="WorkspaceTerms.Group"/>): <see cref="SandboxOptions.ReservedInstructorSeats"/>
/// for instructors, and each open cohort's reserved seats (set by the web layer, which knows cohorts, through
/// <see cref="SetCohortSeats"/>). A group's seats that its own workspaces do not use are closed to everyone else;
/// every other free seat is open to all. A reserved seat holds room for one sandbox in both caps: the count
/// (<see cref="SandboxOptions.MaxSandboxes"/>) and memory (room for one sandbox of the size being asked for).
/// In memory only: the cohort seats are re-read from the cohort store by their owner.
/// </summary>
public sealed class ReservedCapacity(IOptions<SandboxOptions> options)
{
    private volatile FrozenDictionary<string, int> _cohorts = FrozenDictionary<string, int>.Empty;

    /// <summary>Replaces the cohort reservations: group (<c>cohort:ID</c>) to seats; groups missing reserve nothing.</summary>
    public void SetCohortSeats(IReadOnlyDictionary<string, int> seatsByGroup) =>
        _cohorts = seatsByGroup.Where(kv => kv.Value > 0).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Seats reserved per group right now (instructors included when configured).</summary>
    public IReadOnlyDictionary<string, int> Seats
    {
        get
        {
            var seats = new Dictionary<string, int>(_cohorts, StringComparer.Ordinal);
            if (options.Value.ReservedInstructorSeats > 0) seats[WorkspaceTerms.Instructors] = options.Value.ReservedInstructorSeats;
            return seats;
        }
    }

    /// <summary>
    /// Reserved seats of groups other than <paramref name="group"/> that those groups' sandboxes (live or being started,
    /// counted by <paramref name="usedByGroup"/>) do not fill: what a claim of <paramref name="group"/> must leave free.
    /// </summary>
    public int HeldForOthers(string? group, Func<string, int> usedByGroup) =>
        Seats.Where(kv => kv.Key != group).Sum(kv => Math.Max(0, kv.Value - usedByGroup(kv.Key)));
}
