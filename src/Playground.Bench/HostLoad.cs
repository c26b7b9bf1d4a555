namespace Playground.Bench;

/// <summary>
/// The host's load average, printed with the results: on a 2-core machine shared with builds and
/// test runs, a number means little without the load it was measured under.
/// </summary>
internal static class HostLoad
{
    public static string Read()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} / {fields[1]} / {fields[2]} (1/5/15 min)";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
