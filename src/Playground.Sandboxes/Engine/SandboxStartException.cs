namespace Playground.Sandboxes.Engine;

/// <summary>A sandbox could not be started or never became ready; the message says which step failed.</summary>
public sealed class SandboxStartException(string message, Exception? inner = null) : Exception(message, inner);
