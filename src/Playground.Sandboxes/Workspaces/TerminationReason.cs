namespace Playground.Sandboxes.Workspaces;

/// <summary>Why a workspace ended. Every termination carries one: "killed without a reason" is a bug.</summary>
public enum TerminationReason
{
    /// <summary>No activity for the idle timeout.</summary>
    Idle,
    /// <summary>Its lifetime ran out.</summary>
    Expired,
    /// <summary>The learner or an instructor ended it.</summary>
    Destroyed,
    /// <summary>Its sandbox stopped by itself.</summary>
    Crashed,
    /// <summary>Its sandbox was killed for exceeding its memory limit.</summary>
    OutOfMemory,
    /// <summary>The server shut down.</summary>
    ServerShutdown,
    /// <summary>An instructor removed the learner from their cohort.</summary>
    RemovedFromCohort,
}

/// <summary>Codes and descriptions of <see cref="TerminationReason"/>.</summary>
public static class TerminationReasons
{
    /// <summary>The stable code (<c>idle</c>, <c>expired</c>, ...), as stored and sent.</summary>
    public static string Code(this TerminationReason reason) => reason switch
    {
        TerminationReason.Idle => "idle",
        TerminationReason.Expired => "expired",
        TerminationReason.Destroyed => "destroyed",
        TerminationReason.Crashed => "crashed",
        TerminationReason.OutOfMemory => "out-of-memory",
        TerminationReason.ServerShutdown => "server-shutdown",
        TerminationReason.RemovedFromCohort => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>The reason of a code, or null.</summary>
    public static TerminationReason? Parse(string? code) => code switch
    {
        "idle" => TerminationReason.Idle,
        "expired" => TerminationReason.Expired,
        "destroyed" => TerminationReason.Destroyed,
        "crashed" => TerminationReason.Crashed,
        "out-of-memory" => TerminationReason.OutOfMemory,
        "server-shutdown" => TerminationReason.ServerShutdown,
        "removed" => TerminationReason.RemovedFromCohort,
        _ => null,
    };

    /// <summary>A sentence for learners.</summary>
    public static string Describe(this TerminationReason reason) => reason switch
    {
        TerminationReason.Idle => "the session ended after a period without activity",
        TerminationReason.Expired => "the session reached its maximum lifetime",
        TerminationReason.Destroyed => "the session was closed",
        TerminationReason.Crashed => "the sandbox stopped unexpectedly",
        TerminationReason.OutOfMemory => "the sandbox ran out of memory",
        TerminationReason.ServerShutdown => "the server was shut down",
        TerminationReason.RemovedFromCohort => "your instructor removed you from the cohort",
        _ => reason.ToString(),
    };
}
