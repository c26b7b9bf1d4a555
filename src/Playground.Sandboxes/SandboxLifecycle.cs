using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes;

/// <summary>
/// Registered before the pool and the reaper so it runs first on start (adopt or remove what an
/// earlier run left) and last on stop (remove everything this instance owns).
/// </summary>
public sealed class SandboxLifecycle(WorkspaceManager manager, IOptions<SandboxOptions> options, ILogger<SandboxLifecycle> logger) : IHostedService
{
    /// <summary>Keys one sandbox may need: the inner runc takes a session keyring per inner container.</summary>
    private const int KeysPerSandbox = 10;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        CheckKernelKeyQuota();
        return manager.RecoverAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Shutting down: removing every sandbox and volume of instance {Instance} (reason server-shutdown)", options.Value.InstanceId);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await manager.ShutdownAsync(cancellationToken);
        logger.LogInformation("Shutdown removed the sandboxes of instance {Instance} in {Seconds:0.0} s",
            options.Value.InstanceId, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// Every sandbox's root is the same host uid (one remapped range), so the kernel's per-uid key quota
    /// (kernel.keys.maxkeys, 200 by default) is shared by all sandboxes: past it, inner `docker run` fails with
    /// "unable to join session keyring". Warn at start when the quota is small for the configured class size.
    /// </summary>
    private void CheckKernelKeyQuota()
    {
        if (!TryRead("/proc/sys/kernel/keys/maxkeys", out var maxKeys) || !TryRead("/proc/sys/kernel/keys/maxbytes", out var maxBytes)) return;
        var wantKeys = (long)options.Value.MaxSandboxes * KeysPerSandbox;
        if (maxKeys >= wantKeys && maxBytes >= wantKeys * 100) return;
        logger.LogWarning(
            "kernel.keys.maxkeys={MaxKeys} and kernel.keys.maxbytes={MaxBytes} are shared by all sandboxes (one remapped uid); " +
            "for {MaxSandboxes} sandboxes raise them, e.g. sysctl -w kernel.keys.maxkeys={WantKeys} kernel.keys.maxbytes={WantBytes}, " +
            "or inner docker run fails with 'unable to join session keyring' once they are used up",
            maxKeys, maxBytes, options.Value.MaxSandboxes, wantKeys, wantKeys * 100);
    }

    private static bool TryRead(string path, out long value)
    {
        value = 0;
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
