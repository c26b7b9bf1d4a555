namespace Playground.Sandboxes.Environments;

/// <summary>An environment.yaml that cannot be used; the message names the file and line.</summary>
public sealed class EnvironmentSpecException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = message;
}
