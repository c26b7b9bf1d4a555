using System.Globalization;

namespace Playground.Bench;

/// <summary>Command line of <c>playground-bench</c>; parsed by hand because it has four options.</summary>
internal sealed record BenchArguments
{
    public const string Usage = """
        usage: playground-bench [--runs N] [--cycles N] [--quick] [--only start|engines|terminal|k8s|leak|lessons|browser|cohort|preview]

          --runs N     samples per start measurement (default 30; --quick 10)
          --quick      fewer samples and smaller payloads, for a smoke run
          --only NAME  run one benchmark: start, engines, terminal, k8s, leak, lessons, browser, cohort or preview (repeatable)
          --cycles N   create/destroy cycles of the leak benchmark (default 1000; --quick 100)

        Exit code: 0 every target met, 1 a target missed, 2 an error or leftovers.
        """;

    public static readonly IReadOnlyList<string> Benchmarks = ["start", "engines", "terminal", "k8s", "leak", "lessons", "browser", "cohort", "preview"];

    public bool Quick { get; init; }
    public int? RunsOverride { get; init; }
    public int? CyclesOverride { get; init; }
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public int Runs => RunsOverride ?? (Quick ? 10 : 30);
    public int LeakCycles => CyclesOverride ?? (Quick ? 100 : 1000);
    public long ThroughputBytes => Quick ? 50L << 20 : 200L << 20;
    public int EchoSamples => 500;
    public int InterruptRepetitions => Quick ? 3 : 5;
    public TimeSpan K8sIdleWait => Quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(60);

    public bool Includes(string benchmark) => Only.Count == 0 || Only.Contains(benchmark);

    /// <summary>Null with <paramref name="error"/> set when the arguments are not understood.</summary>
    public static BenchArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var result = new BenchArguments();
        var only = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    result = result with { Quick = true };
                    break;
                case "--runs" or "--cycles":
                    if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                    {
                        error = $"{args[i]} needs a positive whole number";
                        return null;
                    }
                    result = args[i] == "--runs" ? result with { RunsOverride = n } : result with { CyclesOverride = n };
                    i++;
                    break;
                case "--only":
                    if (i + 1 >= args.Count || !Benchmarks.Contains(args[i + 1]))
                    {
                        error = $"--only needs one of: {string.Join(", ", Benchmarks)}";
                        return null;
                    }
                    only.Add(args[++i]);
                    break;
                case "-h" or "--help":
                    error = "";
                    return null;
                default:
                    error = $"unknown argument '{args[i]}'";
                    return null;
            }
        }
        return result with { Only = only };
    }
}
