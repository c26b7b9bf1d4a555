namespace Playground.Sandboxes.Backends;

/// <summary>
/// Labels on every container, volume and network the engine creates. They are the only record
/// that survives a crash of the server, so adoption and clean-up on start rely on them.
/// </summary>
public static class SandboxLabels
{
    /// <summary>The server instance that owns the object.</summary>
    public const string Instance = "playground.instance";
    /// <summary>What the object is to Playground.</summary>
    public const string Role = "playground.role";
    /// <summary>The environment a sandbox was made from.</summary>
    public const string Environment = "playground.environment";
    /// <summary>The sandbox's id.</summary>
    public const string SandboxId = "playground.sandbox";

    /// <summary>The role value of a sandbox.</summary>
    public const string RoleSandbox = "sandbox";

    /// <summary>The labels of a new sandbox.</summary>
    public static Dictionary<string, string> For(string instanceId, string environment, string sandboxId) => new(StringComparer.Ordinal)
    {
        [Instance] = instanceId,
        [Role] = RoleSandbox,
        [Environment] = environment,
        [SandboxId] = sandboxId,
    };

    /// <summary>A label filter for everything <paramref name="instanceId"/> owns.</summary>
    public static Dictionary<string, string?> InstanceFilter(string instanceId) => new(StringComparer.Ordinal) { [Instance] = instanceId };
}
