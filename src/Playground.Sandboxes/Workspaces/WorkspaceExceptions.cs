namespace Playground.Sandboxes.Workspaces;

/// <summary>The server or the learner is at the sandbox cap; the message tells the learner what to do.</summary>
public sealed class CapacityExceededException(string message, bool perLearner) : Exception(message)
{
    public bool PerLearner { get; } = perLearner;
}

public sealed class WorkspaceNotFoundException(string id) : Exception($"no workspace '{id}'");

public sealed class WorkspaceEndedException(Workspace workspace)
    : Exception($"the workspace has ended: {workspace.EndReason?.Describe()}")
{
    public Workspace Workspace { get; } = workspace;
}

public sealed class EnvironmentUnavailableException(string environment, string reason, string? hint)
    : Exception($"the '{environment}' environment is not available here: {reason}")
{
    public string Environment { get; } = environment;
    public string Reason { get; } = reason;
    public string? Hint { get; } = hint;
}

public sealed class ExtensionRefusedException(string message) : Exception(message);
