namespace Playground.Checks;

/// <param name="Script">A bash script, run as the environment's user with <c>bash -c</c>.</param>
/// <param name="OutputLimitBytes">Bytes of stdout and of stderr (each) to keep; the rest is read and dropped.</param>
public sealed record ScriptRequest(string Script, TimeSpan Timeout, int OutputLimitBytes);
