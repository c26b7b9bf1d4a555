namespace Playground.Terminals.Protocol;

/// <summary>First byte of every frame. See PROTOCOL.md.</summary>
public static class Opcodes
{
    public const byte Input = 0x00;
    public const byte Resize = 0x01;
    public const byte Ack = 0x02;
    public const byte Ping = 0x03;
    public const byte Pong = 0x04;
    /// <summary>Instructor watch connections only: 1 byte, 0x01 take over the terminal, 0x00 hand it back.</summary>
    public const byte Control = 0x05;
    public const byte Output = 0x10;
    public const byte Status = 0x11;
}

/// <summary>WebSocket close codes in the 4000-4999 private range. See PROTOCOL.md.</summary>
public static class CloseCodes
{
    public const int Replaced = 4000;
    public const int Malformed = 4400;
    public const int Unauthenticated = 4401;
    public const int Forbidden = 4403;
    public const int NotFound = 4404;
    public const int TooLarge = 4409;
    public const int Ended = 4410;
}
