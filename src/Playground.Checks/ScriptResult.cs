namespace Playground.Checks;

/// <param name="Truncated">True when stdout or stderr exceeded the request's output limit.</param>
/// <param name="TimedOut">True when the target killed the script at the request's timeout.</param>
public sealed record ScriptResult(int ExitCode, string Stdout, string Stderr, bool Truncated, bool TimedOut);
