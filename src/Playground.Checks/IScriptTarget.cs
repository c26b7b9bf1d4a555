namespace Playground.Checks;

/// <summary>
/// One learner environment that can run a script as a non-interactive exec (never on the host).
/// The target must kill the exec when <see cref="ScriptRequest.Timeout"/> passes and report
/// <see cref="ScriptResult.TimedOut"/>; it throws <see cref="EnvironmentUnavailableException"/>
/// when the environment is gone, and should stop waiting when the token is cancelled.
/// </summary>
public interface IScriptTarget
{
    /// <summary>Runs <paramref name="request"/> to its end or its timeout. Throws <see cref="EnvironmentUnavailableException"/> when the environment is gone or not running.</summary>
    Task<ScriptResult> RunScriptAsync(ScriptRequest request, CancellationToken ct);
}
