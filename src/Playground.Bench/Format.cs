using System.Globalization;

namespace Playground.Bench;

/// <summary>Number formatting for the tables: invariant culture, units spelled out.</summary>
internal static class Format
{
    public static string Ms(double milliseconds) => milliseconds switch
    {
        >= 10_000 => (milliseconds / 1000).ToString("0.0 s", CultureInfo.InvariantCulture),
        >= 100 => milliseconds.ToString("0 ms", CultureInfo.InvariantCulture),
        >= 10 => milliseconds.ToString("0.0 ms", CultureInfo.InvariantCulture),
        _ => milliseconds.ToString("0.00 ms", CultureInfo.InvariantCulture),
    };

    public static string Ratio(double ratio) => ratio.ToString("0.00x", CultureInfo.InvariantCulture);

    public static string MBps(double bytesPerSecond) => (bytesPerSecond / 1e6).ToString("0.0 MB/s", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 30 => (bytes / (1 << 30)).ToString("0.00 GiB", CultureInfo.InvariantCulture),
        >= 1 << 20 => (bytes / (1 << 20)).ToString("0.0 MiB", CultureInfo.InvariantCulture),
        >= 1 << 10 => (bytes / (1 << 10)).ToString("0.0 KiB", CultureInfo.InvariantCulture),
        _ => bytes.ToString("0 B", CultureInfo.InvariantCulture),
    };

    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
}
