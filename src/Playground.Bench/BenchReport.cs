namespace Playground.Bench;

/// <summary>Targets met and missed, and benchmarks that failed, across the whole run.</summary>
internal sealed class BenchReport
{
    private readonly List<(string Target, bool Met)> _targets = [];
    private readonly List<(string Benchmark, string Error)> _errors = [];

    public IReadOnlyList<(string Target, bool Met)> Targets => _targets;
    public IReadOnlyList<(string Benchmark, string Error)> Errors => _errors;

    /// <summary>Records whether a target was met; returns <paramref name="met"/>.</summary>
    public bool Target(string name, bool met)
    {
        _targets.Add((name, met));
        return met;
    }

    public void Error(string benchmark, string error) => _errors.Add((benchmark, error));
}

internal static class Marks
{
    public static string Of(bool met) => met ? "[green]✓[/]" : "[red]✗[/]";
}
