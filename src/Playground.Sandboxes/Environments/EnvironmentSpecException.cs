namespace Playground.Sandboxes.Environments;

/// <summary>An environment.yaml that cannot be used; the message names the file and line.</summary>
public sealed class EnvironmentSpecException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    /// <summary>The file with the problem.</summary>
    public string File { get; } = file;
    /// <summary>The line of the problem (1-based; 0 when unknown).</summary>
    public int Line { get; } = line;
    /// <summary>The problem.</summary>
    public string Problem { get; } = message;
}
