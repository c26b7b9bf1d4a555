namespace Playground.Docker;

/// <summary>The stream byte of a multiplexed frame header.</summary>
public enum StreamKind : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}
