namespace Playground.Sandboxes.Backends;

/// <summary>
/// Labels on every container, volume and network the engine creates. They are the only record
/// that survives a crash of the server, so adoption and clean-up on start rely on them.
/// </summary>
public static class SandboxLabels
{
    public const string Instance = "playground.instance";
    public const string Role = "playground.role";
    public const string Environment = "playground.environment";
    public const string SandboxId = "playground.sandbox";

    public const string RoleSandbox = "sandbox";

    public static Dictionary<string, string> For(string instanceId, string environment, string sandboxId) => new(StringComparer.Ordinal)
    {
        [Instance] = instanceId,
        [Role] = RoleSandbox,
        [Environment] = environment,
        [SandboxId] = sandboxId,
    };

    public static Dictionary<string, string?> InstanceFilter(string instanceId) => new(StringComparer.Ordinal) { [Instance] = instanceId };
}
