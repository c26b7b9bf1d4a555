namespace Playground.Terminals.Protocol;

/// <summary>First byte of every frame. See PROTOCOL.md.</summary>
public static class Opcodes
{
    /// <summary>Client: keystrokes.</summary>
    public const byte Input = 0x00;
    /// <summary>Client: resize (columns, rows).</summary>
    public const byte Resize = 0x01;
    /// <summary>Client: bytes consumed.</summary>
    public const byte Ack = 0x02;
    /// <summary>Client: ping.</summary>
    public const byte Ping = 0x03;
    /// <summary>Server: pong.</summary>
    public const byte Pong = 0x04;
    /// <summary>Instructor watch connections only: 1 byte, 0x01 take over the terminal, 0x00 hand it back.</summary>
    public const byte Control = 0x05;
    /// <summary>Server: shell output.</summary>
    public const byte Output = 0x10;
    /// <summary>Server: status JSON.</summary>
    public const byte Status = 0x11;
}

/// <summary>WebSocket close codes in the 4000-4999 private range. See PROTOCOL.md.</summary>
public static class CloseCodes
{
    /// <summary>Another connection took this terminal.</summary>
    public const int Replaced = 4000;
    /// <summary>A frame that does not parse.</summary>
    public const int Malformed = 4400;
    /// <summary>No or wrong token.</summary>
    public const int Unauthenticated = 4401;
    /// <summary>Not this learner's workspace.</summary>
    public const int Forbidden = 4403;
    /// <summary>No such workspace or terminal.</summary>
    public const int NotFound = 4404;
    /// <summary>A frame or backlog too large.</summary>
    public const int TooLarge = 4409;
    /// <summary>The workspace or shell ended.</summary>
    public const int Ended = 4410;
}
