using System.Security.Cryptography;

namespace Playground.Progress;

/// <summary>
/// Anonymous learner ids: 128 random bits as 26 lowercase RFC 4648 base32 characters (no padding).
/// Lowercase base32 is safe in cookies, URLs and file names and survives case-folding proxies.
/// </summary>
public static class LearnerIds
{
    /// <summary>Characters in a learner id (a ULID).</summary>
    public const int Length = 26;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new learner id.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Encode(bytes);
    }

    /// <summary>True only for ids that <see cref="New"/> could have produced: exactly 26 characters of
    /// the alphabet, and the last character's two unused low bits zero (so each id has one spelling).</summary>
    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != Length) return false;
        foreach (var c in id)
        {
            if (Alphabet.IndexOf(c) < 0) return false;
        }
        return (Alphabet.IndexOf(id[^1]) & 0b11) == 0;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="id"/> is a learner id.</summary>
    public static void EnsureValid(string? id, string paramName = "learnerId")
    {
        if (!IsValid(id))
        {
            throw new ArgumentException(
                $"Not a learner id: expected {Length} characters of [a-z2-7] as produced by {nameof(LearnerIds)}.{nameof(New)}().",
                paramName);
        }
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[Length];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        // 128 bits leave 3 bits: pad them with two zero bits into the last character.
        if (bits > 0) chars[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars[..index]);
    }
}
