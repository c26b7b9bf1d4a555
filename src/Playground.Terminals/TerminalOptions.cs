namespace Playground.Terminals;

/// <summary>Bound from <c>Playground:Terminals</c>.</summary>
public sealed class TerminalOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Playground:Terminals";

    /// <summary>How long a shell outlives its last WebSocket, waiting for a reconnect.</summary>
    public TimeSpan DetachGrace { get; set; } = TimeSpan.FromSeconds(120);
    /// <summary>Output kept for replay on reconnect, in bytes.</summary>
    public int ReplayBytes { get; set; } = 256 * 1024;
    /// <summary>Unacknowledged output at which reading stops, in bytes.</summary>
    public int HighWaterBytes { get; set; } = 512 * 1024;
    /// <summary>Unacknowledged output at which reading resumes, in bytes.</summary>
    public int LowWaterBytes { get; set; } = 128 * 1024;
    /// <summary>Largest read from the shell, in bytes.</summary>
    public int ReadChunkBytes { get; set; } = 32 * 1024;
    /// <summary>Columns when the client names none.</summary>
    public int DefaultColumns { get; set; } = 120;
    /// <summary>Rows when the client names none.</summary>
    public int DefaultRows { get; set; } = 32;
}
