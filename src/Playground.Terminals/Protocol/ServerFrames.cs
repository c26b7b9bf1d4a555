using System.Text.Json;
using System.Text.Json.Serialization;

namespace Playground.Terminals.Protocol;

/// <summary>Builds server → client frames.</summary>
public static class ServerFrames
{
    /// <summary>An OUTPUT frame of <paramref name="bytes"/>.</summary>
    public static byte[] Output(ReadOnlySpan<byte> bytes)
    {
        var frame = new byte[bytes.Length + 1];
        frame[0] = Opcodes.Output;
        bytes.CopyTo(frame.AsSpan(1));
        return frame;
    }

    /// <summary>A PONG frame echoing <paramref name="payload"/>.</summary>
    public static byte[] Pong(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = Opcodes.Pong;
        payload.CopyTo(frame.AsSpan(1));
        return frame;
    }

    /// <summary>A STATUS frame of <paramref name="status"/> as JSON.</summary>
    public static byte[] Status(TerminalStatus status)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(status, TerminalJson.Default.TerminalStatus);
        var frame = new byte[json.Length + 1];
        frame[0] = Opcodes.Status;
        json.CopyTo(frame.AsSpan(1));
        return frame;
    }
}

/// <summary>
/// Payload of a STATUS frame (see PROTOCOL.md). <see cref="ExitCode"/> is set on <c>exited</c> when the shell's exit
/// code is known (0..255; 128+N after signal N). <see cref="By"/> names the instructor on <c>takeover</c> and <c>released</c>.
/// </summary>
public sealed record TerminalStatus(string State, string? Reason = null, string? Message = null, DateTimeOffset? ExpiresAt = null, long? ExitCode = null,
    string? By = null)
{
    /// <summary>Replayed output follows.</summary>
    public static TerminalStatus Replay { get; } = new("replay");
    /// <summary>Attached: live output follows.</summary>
    public static TerminalStatus Attached { get; } = new("attached");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TerminalStatus))]
internal sealed partial class TerminalJson : JsonSerializerContext;
