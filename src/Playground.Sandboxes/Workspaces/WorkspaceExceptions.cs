namespace Playground.Sandboxes.Workspaces;

/// <summary>The server or the learner is at the sandbox cap; the message tells the learner what to do.</summary>
public sealed class CapacityExceededException(string message, bool perLearner) : Exception(message)
{
    /// <summary>Whether the learner's own limit (not the server's) was reached.</summary>
    public bool PerLearner { get; } = perLearner;
}

/// <summary>No workspace has the id.</summary>
public sealed class WorkspaceNotFoundException(string id) : Exception($"no workspace '{id}'");

/// <summary>The workspace has ended.</summary>
public sealed class WorkspaceEndedException(Workspace workspace)
    : Exception($"the workspace has ended: {workspace.EndReason?.Describe()}")
{
    /// <summary>The ended workspace.</summary>
    public Workspace Workspace { get; } = workspace;
}

/// <summary>The environment cannot start sandboxes; <see cref="Reason"/> says why.</summary>
public sealed class EnvironmentUnavailableException(string environment, string reason, string? hint)
    : Exception($"the '{environment}' environment is not available here: {reason}")
{
    /// <summary>The environment.</summary>
    public string Environment { get; } = environment;
    /// <summary>Why it is unavailable.</summary>
    public string Reason { get; } = reason;
    /// <summary>What an operator can do, if known.</summary>
    public string? Hint { get; } = hint;
}

/// <summary>The workspace cannot be extended (already extended, or ended).</summary>
public sealed class ExtensionRefusedException(string message) : Exception(message);
