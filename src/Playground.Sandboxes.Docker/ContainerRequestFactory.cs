using System.Globalization;
using Docker.DotNet.Models;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Environments;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// Turns an environment spec into a hardened container create request. Pure, so the hardening
/// rules are unit-testable without an engine.
/// </summary>
internal static class ContainerRequestFactory
{
    public static CreateContainerParameters Create(EnvironmentSpec spec, IReadOnlyDictionary<string, string> labels, string? networkName, string? name = null)
    {
        var securityOpt = new List<string>();
        if (spec.NoNewPrivileges) securityOpt.Add("no-new-privileges:true");
        if (spec.SeccompUnconfined) securityOpt.Add("seccomp=unconfined");
        // The Engine API wants the profile's JSON text itself (the CLI reads --security-opt seccomp=FILE for us).
        else if (spec.SeccompProfile is { } profile) securityOpt.Add("seccomp=" + profile);
        if (spec.AppArmorUnconfined) securityOpt.Add("apparmor=unconfined");

        var tmpfs = spec.Tmpfs.ToDictionary(
            t => t.Path,
            t => string.Join(',', new[] { "rw", $"size={t.SizeBytes.ToString(CultureInfo.InvariantCulture)}", t.Options }.Where(o => !string.IsNullOrEmpty(o))),
            StringComparer.Ordinal);

        // Anonymous volumes: removed together with the container (v=true), and labelled through
        // VolumeOptions so that a crash-orphaned one is still found by the instance sweep.
        var mounts = spec.Volumes.Select(v => new Mount
        {
            Type = "volume",
            Target = v.Path,
            VolumeOptions = new VolumeOptions { Labels = new Dictionary<string, string>(labels) },
        }).ToList();

        return new CreateContainerParameters
        {
            Name = name,
            Image = spec.Image,
            Cmd = spec.Command?.ToList(),
            Hostname = spec.Hostname,
            // "{sandbox}" in a value becomes this sandbox's id: per-sandbox names (a k3s node name)
            // that are known before the sandbox is handed to a learner, so pooled sandboxes get them too.
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value.Replace("{sandbox}", labels.GetValueOrDefault(SandboxLabels.SandboxId) ?? "")}").ToList(),
            Labels = new Dictionary<string, string>(labels),
            Tty = false,
            OpenStdin = false,
            HostConfig = new HostConfig
            {
                Init = spec.Init,
                // Memory == MemorySwap: no swap, so a memory bomb meets the OOM killer instead of
                // thrashing the host's disk for every other learner.
                Memory = spec.Limits.MemoryBytes,
                MemorySwap = spec.Limits.MemoryBytes,
                OomKillDisable = false,
                NanoCPUs = (long)(spec.Limits.Cpus * 1_000_000_000),
                PidsLimit = spec.Limits.Pids,
                CapDrop = ["ALL"],
                CapAdd = spec.Capabilities.Select(c => c.Name).ToList(),
                SecurityOpt = securityOpt,
                NetworkMode = spec.Network == NetworkMode.None ? "none" : networkName ?? "bridge",
                Tmpfs = tmpfs.Count > 0 ? tmpfs : null,
                Mounts = mounts.Count > 0 ? mounts : null,
                // A nested engine writes its own cgroups: the entrypoint remounts /sys/fs/cgroup read-write,
                // which only confines it when the sandbox has a cgroup namespace of its own.
                CgroupnsMode = spec.CgroupnsMode ?? (spec.CgroupWritable ? "private" : null),
                Sysctls = spec.Sysctls.Count > 0 ? new Dictionary<string, string>(spec.Sysctls) : null,
                Privileged = false,
            },
        };
    }
}
