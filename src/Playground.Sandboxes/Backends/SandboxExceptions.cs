namespace Playground.Sandboxes.Backends;

/// <summary>
/// Base of every error a sandbox backend reports. Backends translate their own errors (engine
/// API errors, lost connections) into these, so nothing above a backend names its types.
/// </summary>
public abstract class SandboxException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The sandbox no longer exists (removed, or never created on this backend).</summary>
public sealed class SandboxGoneException(string sandboxId, Exception? inner = null)
    : SandboxException($"the sandbox {sandboxId} is gone", inner)
{
    /// <summary>The sandbox's id.</summary>
    public string SandboxId { get; } = sandboxId;
}

/// <summary>The sandbox exists but is not running (stopped, crashed, being removed).</summary>
public sealed class SandboxNotRunningException(string sandboxId, Exception? inner = null)
    : SandboxException($"the sandbox {sandboxId} is not running", inner)
{
    /// <summary>The sandbox's id.</summary>
    public string SandboxId { get; } = sandboxId;
}

/// <summary>A sandbox could not be started or never became ready; the message says which step failed and why.</summary>
public sealed class SandboxStartException(string message, Exception? inner = null) : SandboxException(message, inner);

/// <summary>The backend itself cannot be reached (engine down, socket missing).</summary>
public sealed class SandboxBackendUnavailableException(string message, Exception? inner = null) : SandboxException(message, inner);

/// <summary>Any other backend failure; the message is the backend's own.</summary>
public sealed class SandboxBackendException(string message, Exception? inner = null) : SandboxException(message, inner);

/// <summary>Nothing listens on the TCP port inside the sandbox (or it refused the connection).</summary>
public sealed class SandboxPortClosedException(string sandboxId, int port, Exception? inner = null)
    : SandboxException($"nothing listens on port {port} in the sandbox {sandboxId}", inner)
{
    /// <summary>The port (1-65535).</summary>
    public int Port { get; } = port;
}
