namespace Playground.Sandboxes.Workspaces;

/// <summary>Why a workspace ended. Every termination carries one: "killed without a reason" is a bug.</summary>
public enum TerminationReason { Idle, Expired, Destroyed, Crashed, OutOfMemory, ServerShutdown, RemovedFromCohort }

public static class TerminationReasons
{
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
