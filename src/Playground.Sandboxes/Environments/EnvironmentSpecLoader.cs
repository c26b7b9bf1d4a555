using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Playground.Sandboxes.Environments;

/// <summary>
/// Reads environment.yaml. Walks the YAML node tree by hand instead of deserializing into
/// classes so that every unknown key and bad value is reported with its line: instructors
/// and operators edit these files, and "invalid YAML" without a line helps nobody.
/// </summary>
public static class EnvironmentSpecLoader
{
    private static readonly HashSet<string> KnownKeys =
    [
        "name", "description", "image", "user", "workdir", "shell", "command", "hostname", "init", "ready",
        "network", "seccomp", "apparmor", "no_new_privileges", "capabilities", "tmpfs", "volumes", "limits",
        "env", "cgroupns", "cgroup_rw", "sysctls", "pool", "images_preloaded", "unavailable_hint",
    ];

    /// <summary>Loads an <c>environment.yaml</c>. Throws <see cref="EnvironmentSpecException"/> with the file and line of a problem.</summary>
    public static EnvironmentSpec LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader, path, Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "");
    }

    /// <summary>Loads an environment from <paramref name="text"/>; <paramref name="file"/> names it in errors, <paramref name="folderName"/> is its name.</summary>
    public static EnvironmentSpec Load(TextReader text, string file, string folderName)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(text);
        }
        catch (YamlException e)
        {
            throw new EnvironmentSpecException(file, (int)e.Start.Line, $"invalid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new EnvironmentSpecException(file, 1, "expected a mapping of keys (name, image, ...)");

        var r = new NodeReader(file);
        foreach (var key in root.Children.Keys)
        {
            var name = r.Scalar(key);
            if (!KnownKeys.Contains(name))
                throw r.Error(key, $"unknown key '{name}' (known: {string.Join(", ", KnownKeys.Order())})");
        }

        var specName = r.RequiredString(root, "name");
        if (!string.Equals(specName, folderName, StringComparison.Ordinal))
            throw r.Error(root.Children[new YamlScalarNode("name")], $"name '{specName}' must equal its folder name '{folderName}'");

        return new EnvironmentSpec
        {
            Name = specName,
            Description = r.OptionalString(root, "description") ?? "",
            Image = r.RequiredString(root, "image"),
            User = r.OptionalString(root, "user") ?? "root",
            WorkingDirectory = r.OptionalString(root, "workdir") ?? "/",
            Shell = r.OptionalStringList(root, "shell") ?? ["/bin/bash", "-l"],
            Command = r.OptionalStringList(root, "command"),
            Hostname = r.OptionalString(root, "hostname") ?? "playground",
            Init = r.OptionalBool(root, "init") ?? true,
            Ready = ReadProbe(r, root),
            Network = r.OptionalString(root, "network") switch
            {
                null or "none" => NetworkMode.None,
                "bridge" => NetworkMode.Bridge,
                var other => throw r.Error(root.Children[new YamlScalarNode("network")], $"network must be none or bridge, not '{other}'"),
            },
            SeccompUnconfined = r.OptionalString(root, "seccomp") is "unconfined",
            SeccompAdditionsFile = ReadSeccompAdditions(r, root, file),
            AppArmorUnconfined = ReadProfile(r, root, "apparmor"),
            NoNewPrivileges = r.OptionalBool(root, "no_new_privileges") ?? true,
            Capabilities = ReadCapabilities(r, root),
            Tmpfs = ReadTmpfs(r, root),
            Volumes = ReadVolumes(r, root),
            Limits = ReadLimits(r, root),
            Environment = r.OptionalStringMap(root, "env") ?? new Dictionary<string, string>(),
            CgroupnsMode = r.OptionalString(root, "cgroupns"),
            CgroupWritable = r.OptionalBool(root, "cgroup_rw") ?? false,
            Sysctls = r.OptionalStringMap(root, "sysctls") ?? new Dictionary<string, string>(),
            PoolSize = (int)(r.OptionalNumber(root, "pool") ?? 0),
            PreloadedImages = r.OptionalStringList(root, "images_preloaded") ?? [],
            UnavailableHint = r.OptionalString(root, "unavailable_hint"),
            Directory = Path.GetDirectoryName(Path.GetFullPath(file)),
        };
    }

    private static ReadinessProbe ReadProbe(NodeReader r, YamlMappingNode root)
    {
        if (r.Child(root, "ready") is not { } node) return ReadinessProbe.AlwaysReady;
        var map = r.Mapping(node, "ready");
        var command = r.OptionalStringList(map, "command") ?? throw r.Error(node, "ready needs a command");
        var interval = r.OptionalNumber(map, "interval_ms") ?? 50;
        var timeout = r.OptionalNumber(map, "timeout_s") ?? 30;
        return new ReadinessProbe(command, TimeSpan.FromMilliseconds(interval), TimeSpan.FromSeconds(timeout));
    }

    /// <summary>
    /// seccomp: default | unconfined | a .json file (relative to the environment folder) of rules added to
    /// Docker's default profile. The file must exist; its syscalls are checked when the catalog composes it.
    /// </summary>
    private static string? ReadSeccompAdditions(NodeReader r, YamlMappingNode root, string file)
    {
        var value = r.OptionalString(root, "seccomp");
        if (value is null or "default" or "unconfined") return null;
        var node = root.Children[new YamlScalarNode("seccomp")];
        if (!value.EndsWith(".json", StringComparison.Ordinal))
            throw r.Error(node, $"seccomp must be default, unconfined or a .json file of additions to Docker's default profile, not '{value}'");
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", value));
        if (!File.Exists(path)) throw r.Error(node, $"seccomp additions file '{value}' does not exist ({path})");
        return path;
    }

    private static bool ReadProfile(NodeReader r, YamlMappingNode root, string key) => r.OptionalString(root, key) switch
    {
        null or "default" => false,
        "unconfined" => true,
        var other => throw r.Error(root.Children[new YamlScalarNode(key)], $"{key} must be default or unconfined, not '{other}'"),
    };

    private static List<Capability> ReadCapabilities(NodeReader r, YamlMappingNode root)
    {
        var result = new List<Capability>();
        if (r.Child(root, "capabilities") is not { } node) return result;
        foreach (var item in r.Sequence(node, "capabilities"))
        {
            var map = r.Mapping(item, "capability");
            var name = r.RequiredString(map, "name").ToUpperInvariant();
            if (name.StartsWith("CAP_", StringComparison.Ordinal)) name = name[4..];
            // A capability without a reason is how privilege creeps in; the spec must say why.
            var why = r.OptionalString(map, "why");
            if (string.IsNullOrWhiteSpace(why)) throw r.Error(item, $"capability {name} needs a 'why'");
            if (name is "ALL") throw r.Error(item, "capability ALL is not allowed: list each capability and why");
            result.Add(new Capability(name, why));
        }
        return result;
    }

    private static List<TmpfsMount> ReadTmpfs(NodeReader r, YamlMappingNode root)
    {
        var result = new List<TmpfsMount>();
        if (r.Child(root, "tmpfs") is not { } node) return result;
        foreach (var item in r.Sequence(node, "tmpfs"))
        {
            var map = r.Mapping(item, "tmpfs");
            var path = r.RequiredString(map, "path");
            var sizeText = r.OptionalString(map, "size") ?? "64m";
            // Unbounded tmpfs is RAM a learner can fill outside the memory limit's accounting.
            if (!ByteSize.TryParse(sizeText, out var size)) throw r.Error(item, $"tmpfs size '{sizeText}' is not a size like 64m");
            result.Add(new TmpfsMount(path, size, r.OptionalString(map, "options")));
        }
        return result;
    }

    private static List<VolumeMount> ReadVolumes(NodeReader r, YamlMappingNode root)
    {
        var result = new List<VolumeMount>();
        if (r.Child(root, "volumes") is not { } node) return result;
        foreach (var item in r.Sequence(node, "volumes"))
        {
            var path = r.RequiredString(r.Mapping(item, "volume"), "path");
            if (path.Contains("docker.sock", StringComparison.Ordinal))
                throw r.Error(item, "the host's Docker socket is never mounted into a sandbox");
            result.Add(new VolumeMount(path));
        }
        return result;
    }

    private static ResourceLimits ReadLimits(NodeReader r, YamlMappingNode root)
    {
        var defaults = new ResourceLimits();
        if (r.Child(root, "limits") is not { } node) return defaults;
        var map = r.Mapping(node, "limits");
        var memory = defaults.MemoryBytes;
        if (r.OptionalString(map, "memory") is { } memoryText && !ByteSize.TryParse(memoryText, out memory))
            throw r.Error(node, $"limits.memory '{memoryText}' is not a size like 512m");
        return new ResourceLimits
        {
            MemoryBytes = memory,
            Cpus = r.OptionalNumber(map, "cpus") ?? defaults.Cpus,
            Pids = (long)(r.OptionalNumber(map, "pids") ?? defaults.Pids),
        };
    }

    /// <summary>Typed access to YAML nodes with line-numbered errors.</summary>
    private sealed class NodeReader(string file)
    {
        public EnvironmentSpecException Error(YamlNode node, string message) => new(file, (int)node.Start.Line, message);

        public string Scalar(YamlNode node) =>
            node is YamlScalarNode { Value: { } v } ? v : throw Error(node, "expected a plain value");

        public YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys");

        public IEnumerable<YamlNode> Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list");

        public string RequiredString(YamlMappingNode map, string key) =>
            OptionalString(map, key) ?? throw Error(map, $"missing required key '{key}'");

        public string? OptionalString(YamlMappingNode map, string key) => Child(map, key) is { } n ? Scalar(n) : null;

        public bool? OptionalBool(YamlMappingNode map, string key) => Child(map, key) is { } n
            ? Scalar(n) switch { "true" or "yes" => true, "false" or "no" => false, var v => throw Error(n, $"{key} must be true or false, not '{v}'") }
            : null;

        public double? OptionalNumber(YamlMappingNode map, string key) => Child(map, key) is { } n
            ? double.TryParse(Scalar(n), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 ? d : throw Error(n, $"{key} must be a non-negative number")
            : null;

        public List<string>? OptionalStringList(YamlMappingNode map, string key) => Child(map, key) switch
        {
            null => null,
            YamlSequenceNode seq => seq.Children.Select(Scalar).ToList(),
            YamlScalarNode s => [Scalar(s)],
            var n => throw Error(n, $"{key} must be a list of strings"),
        };

        public Dictionary<string, string>? OptionalStringMap(YamlMappingNode map, string key) => Child(map, key) switch
        {
            null => null,
            YamlMappingNode m => m.Children.ToDictionary(kv => Scalar(kv.Key), kv => Scalar(kv.Value), StringComparer.Ordinal),
            var n => throw Error(n, $"{key} must be a mapping"),
        };
    }
}
