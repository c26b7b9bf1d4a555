using System.Buffers.Binary;

namespace Playground.Terminals.Protocol;

/// <summary>A parsed client → server frame.</summary>
public abstract record ClientFrame
{
    /// <summary>Largest INPUT payload, in bytes.</summary>
    public const int MaxInputBytes = 64 * 1024;
    /// <summary>Largest PING payload, in bytes.</summary>
    public const int MaxPingBytes = 64;
    /// <summary>Largest columns or rows.</summary>
    public const int MaxDimension = 1000;

    /// <summary>Keystrokes for the shell.</summary>
    public sealed record Input(ReadOnlyMemory<byte> Bytes) : ClientFrame;
    /// <summary>A new terminal size.</summary>
    public sealed record Resize(int Columns, int Rows) : ClientFrame;
    /// <summary>The client consumed <paramref name="Bytes"/> bytes of output.</summary>
    public sealed record Ack(uint Bytes) : ClientFrame;
    /// <summary>A ping to be echoed.</summary>
    public sealed record Ping(ReadOnlyMemory<byte> Payload) : ClientFrame;
    /// <summary>An instructor takes over (<c>Take</c> true) or hands back a learner's terminal (watch connections only).</summary>
    public sealed record Control(bool Take) : ClientFrame;

    /// <summary>
    /// Parses one binary message. Every rule here is strict on purpose: a frame that is not
    /// exactly right is a client bug or an attack, and either way the socket closes with a
    /// code that says which.
    /// </summary>
    public static FrameParseResult Parse(ReadOnlyMemory<byte> message)
    {
        if (message.Length == 0) return FrameParseResult.Fail(CloseCodes.Malformed, "empty frame");
        var payload = message[1..];
        switch (message.Span[0])
        {
            case Opcodes.Input:
                if (payload.Length > MaxInputBytes)
                    return FrameParseResult.Fail(CloseCodes.TooLarge, $"input frame of {payload.Length} bytes exceeds {MaxInputBytes}");
                return FrameParseResult.Ok(new Input(payload));
            case Opcodes.Resize:
                if (payload.Length != 4) return FrameParseResult.Fail(CloseCodes.Malformed, "resize payload must be exactly 4 bytes");
                var cols = BinaryPrimitives.ReadUInt16BigEndian(payload.Span);
                var rows = BinaryPrimitives.ReadUInt16BigEndian(payload.Span[2..]);
                if (cols is 0 or > MaxDimension || rows is 0 or > MaxDimension)
                    return FrameParseResult.Fail(CloseCodes.Malformed, $"resize to {cols}x{rows} is out of range 1..{MaxDimension}");
                return FrameParseResult.Ok(new Resize(cols, rows));
            case Opcodes.Ack:
                if (payload.Length != 4) return FrameParseResult.Fail(CloseCodes.Malformed, "ack payload must be exactly 4 bytes");
                return FrameParseResult.Ok(new Ack(BinaryPrimitives.ReadUInt32BigEndian(payload.Span)));
            case Opcodes.Ping:
                if (payload.Length > MaxPingBytes) return FrameParseResult.Fail(CloseCodes.Malformed, $"ping payload over {MaxPingBytes} bytes");
                return FrameParseResult.Ok(new Ping(payload));
            case Opcodes.Control:
                if (payload.Length != 1 || payload.Span[0] > 1) return FrameParseResult.Fail(CloseCodes.Malformed, "control payload must be exactly 1 byte, 0 or 1");
                return FrameParseResult.Ok(new Control(payload.Span[0] == 1));
            case var op:
                return FrameParseResult.Fail(CloseCodes.Malformed, $"unknown opcode 0x{op:x2}");
        }
    }
}

/// <summary>A parsed frame, or the close code and reason of a bad one.</summary>
public readonly record struct FrameParseResult(ClientFrame? Frame, int CloseCode, string? Error)
{
    /// <summary>A parsed frame.</summary>
    public static FrameParseResult Ok(ClientFrame frame) => new(frame, 0, null);
    /// <summary>A bad frame: close with <paramref name="code"/>.</summary>
    public static FrameParseResult Fail(int code, string error) => new(null, code, error);
}
