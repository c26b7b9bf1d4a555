using System.Security.Cryptography;

namespace Playground.Sandboxes.Workspaces;

/// <summary>Unguessable identifiers; ids appear in URLs, so they are lowercase base32 without padding.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A random id of <paramref name="bytes"/> bytes, in lowercase base32.</summary>
    public static string New(int bytes = 15)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        var chars = new char[(bytes * 8 + 4) / 5];
        int bits = 0, value = 0, index = 0;
        foreach (var b in buffer)
        {
            value = (value << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(value >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) chars[index++] = Alphabet[(value << (5 - bits)) & 31];
        return new string(chars, 0, index);
    }

    /// <summary>Whether <paramref name="id"/> looks like an id made by <see cref="New"/>.</summary>
    public static bool LooksValid(string? id) =>
        id is { Length: >= 8 and <= 64 } && id.All(c => c is >= 'a' and <= 'z' or >= '2' and <= '7');
}
