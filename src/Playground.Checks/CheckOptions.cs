namespace Playground.Checks;

/// <summary>Limits of every lesson script run (checks, setup, solve).</summary>
public sealed class CheckOptions
{
    /// <summary>Time limit of a setup or solve script (check conditions take the step's own limit).</summary>
    public TimeSpan ScriptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Output kept per condition for authors.</summary>
    public int OutputLimitBytes { get; set; } = 16 * 1024;

    /// <summary>How long after a condition's timeout the runner stops waiting for a target that did not
    /// kill its exec. Below one second, so a report always arrives within timeout + 1 s.</summary>
    public TimeSpan TargetGrace { get; set; } = TimeSpan.FromMilliseconds(500);
}
