using System.Globalization;

namespace Playground.Progress;

/// <summary>Timestamps are stored as fixed-width UTC ISO-8601 text, so they sort and compare as strings
/// and stay readable in the sqlite3 shell.</summary>
internal static class Timestamps
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        new(DateTime.ParseExact(value, Pattern, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
