namespace Playground.Sandboxes;

/// <summary>
/// Where the dedicated sandbox engine listens. Sandboxes never run on the host's main Docker engine: the
/// sandbox engine (started by src/scripts/engine.sh) remaps every sandbox's root to an unprivileged host uid.
/// </summary>
public static class SandboxEngine
{
    /// <summary>The socket src/scripts/engine.sh gives the sandbox engine (machine-wide, shared by checkouts).</summary>
    public const string DefaultHost = "unix:///run/playground/sandboxes.sock";

    /// <summary>Operators who run the sandbox engine themselves name it here (DOCKER_HOST-style).</summary>
    public const string HostVariable = "PLAYGROUND_SANDBOX_HOST";

    /// <summary><see cref="HostVariable"/> when set, else <see cref="DefaultHost"/>.</summary>
    public static string HostFromEnvironment() =>
        Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } host ? host.Trim() : DefaultHost;
}
