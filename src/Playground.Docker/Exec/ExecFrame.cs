namespace Playground.Docker;

/// <summary>
/// Bytes of one output stream just copied into the caller's buffer. A frame larger than the buffer arrives as
/// several consecutive <see cref="ExecFrame"/>s of the same kind.
/// </summary>
public sealed record ExecFrame(StreamKind Kind, int Length)
{
    /// <summary>Same as <see cref="Kind"/>.</summary>
    public StreamKind Stream => Kind;
}
