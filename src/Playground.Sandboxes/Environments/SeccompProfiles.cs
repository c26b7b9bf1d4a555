using System.Text.Json;
using System.Text.Json.Nodes;

namespace Playground.Sandboxes.Environments;

/// <summary>
/// Composes an environment's seccomp profile: Docker's default profile (not copied into this repository: the
/// file of the installed engine's version, see src/scripts/engine.sh) plus the environment's own rules. The
/// Engine API takes the profile's JSON text itself in HostConfig.SecurityOpt (<c>seccomp=&lt;json&gt;</c>).
/// </summary>
public static class SeccompProfiles
{
    /// <summary>Where src/scripts/engine.sh installs Docker's default profile.</summary>
    public const string InstalledDefault = "/var/lib/playground/seccomp/docker-default.json";

    /// <summary>Where Debian's golang-github-docker-docker-dev package ships it.</summary>
    public const string DebianDefault = "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json";

    /// <summary>The configured path, else the first of <see cref="InstalledDefault"/>, <see cref="DebianDefault"/> that exists.</summary>
    public static string? FindDefault(string? configured) =>
        configured ?? new[] { InstalledDefault, DebianDefault }.FirstOrDefault(File.Exists);

    /// <summary>
    /// Docker's default profile with the additions' <c>syscalls</c> rules appended (compact JSON).
    /// Throws <see cref="InvalidDataException"/> when either file is missing or not a profile.
    /// </summary>
    public static string Compose(string? defaultProfilePath, string additionsPath)
    {
        if (defaultProfilePath is null || !File.Exists(defaultProfilePath))
            throw new InvalidDataException($"Docker's default seccomp profile is not installed ({defaultProfilePath ?? InstalledDefault}); run src/scripts/engine.sh");
        var profile = Parse(defaultProfilePath);
        var additions = Parse(additionsPath);
        if (profile["syscalls"] is not JsonArray rules || profile["defaultAction"] is null)
            throw new InvalidDataException($"{defaultProfilePath} is not a seccomp profile (no defaultAction/syscalls)");
        if (additions["syscalls"] is not JsonArray added || added.Count == 0)
            throw new InvalidDataException($"{additionsPath}: expected {{\"syscalls\": [ ...rules... ]}}");
        foreach (var rule in added)
        {
            if (rule?["names"] is not JsonArray { Count: > 0 } || rule["action"] is null)
                throw new InvalidDataException($"{additionsPath}: every rule needs names and action");
            rules.Add(rule.DeepClone());
        }
        return profile.ToJsonString();
    }

    private static JsonNode Parse(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON: {e.Message}", e);
        }
    }
}
