using System.Globalization;

namespace Playground.Lessons;

/// <summary>Reads numbers the way learners type them: "3.5", " 3,5 ", "-2", "1e3".</summary>
public static class QuizNumbers
{
    /// <summary>Parses a number answer (invariant culture, a comma accepted as the decimal point).</summary>
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        // A lone comma is a decimal comma (Korean and European keyboards); "1,000.5" keeps its thousands comma.
        if (!s.Contains('.') && s.Count(c => c == ',') == 1) s = s.Replace(',', '.');
        return double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value)
               && double.IsFinite(value);
    }

    /// <summary>Formats a number answer in invariant culture.</summary>
    public static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
