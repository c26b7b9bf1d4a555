namespace Playground.Bench;

/// <summary>Summary of a sample set. Percentiles interpolate linearly between the closest ranks.</summary>
internal sealed record Stats(int Count, double Min, double P50, double P95, double P99, double Max, double Mean)
{
    public static Stats Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no samples", nameof(samples));
        return new Stats(sorted.Length, sorted[0], Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1], sorted.Average());
    }

    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 1) return sorted[0];
        var rank = percent / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
