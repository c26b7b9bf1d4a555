namespace Playground.Terminals;

/// <summary>Bound from <c>Playground:Terminals</c>.</summary>
public sealed class TerminalOptions
{
    public const string Section = "Playground:Terminals";

    /// <summary>How long a shell outlives its last WebSocket, waiting for a reconnect.</summary>
    public TimeSpan DetachGrace { get; set; } = TimeSpan.FromSeconds(120);
    public int ReplayBytes { get; set; } = 256 * 1024;
    public int HighWaterBytes { get; set; } = 512 * 1024;
    public int LowWaterBytes { get; set; } = 128 * 1024;
    public int ReadChunkBytes { get; set; } = 32 * 1024;
    public int DefaultColumns { get; set; } = 120;
    public int DefaultRows { get; set; } = 32;
}
