namespace Playground.Checks;

/// <summary>
/// One learner environment that can run a script as a non-interactive exec (never on the host).
/// The target must kill the exec when <see cref="ScriptRequest.Timeout"/> passes and report
/// <see cref="ScriptResult.TimedOut"/>; it throws <see cref="EnvironmentUnavailableException"/>
/// when the environment is gone, and should stop waiting when the token is cancelled.
/// </summary>
public interface IScriptTarget
{
    Task<ScriptResult> RunScriptAsync(ScriptRequest request, CancellationToken ct);
}
