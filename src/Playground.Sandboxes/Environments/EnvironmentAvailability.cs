namespace Playground.Sandboxes.Environments;

/// <summary>Whether sandboxes of an environment can start here, and if not, why and how to fix it.</summary>
public sealed record EnvironmentAvailability(bool Available, string? Reason, string? InstallHint)
{
    /// <summary>Available.</summary>
    public static EnvironmentAvailability Yes { get; } = new(true, null, null);
}
