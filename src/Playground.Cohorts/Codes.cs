using System.Security.Cryptography;
using System.Text;

namespace Playground.Cohorts;

/// <summary>
/// Random codes. Join and resume codes are read aloud and typed from a projector, so they use an alphabet
/// without look-alikes (no 0/O, 1/I/L) and are compared case-insensitively. Sign-in tokens are URL-safe
/// and long; only their SHA-256 is stored.
/// </summary>
public static class Codes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>8 readable characters (about 40 bits): enough with join attempts rate-limited.</summary>
    public static string NewJoinCode() => Readable(8);

    /// <summary>12 readable characters (about 59 bits): a resume code is a learner's whole identity.</summary>
    public static string NewResumeCode() => Readable(12);

    /// <summary>A sign-in token: 32 random bytes as lowercase hex (64 characters).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>An id: 8 random bytes as lowercase hex.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The SHA-256 of <paramref name="token"/> as lowercase hex: what is stored instead of the token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Upper-cases and drops spaces and dashes, so "abcd-efgh" finds "ABCDEFGH". Null when it cannot be a code.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null || code.Length > 64) return null;
        var normalized = new string(code.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return normalized.Length is >= 6 and <= 16 && normalized.All(c => Alphabet.Contains(c)) ? normalized : null;
    }

    private static string Readable(int length) =>
        new(Enumerable.Range(0, length).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());
}
