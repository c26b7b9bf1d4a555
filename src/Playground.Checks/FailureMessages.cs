namespace Playground.Checks;

/// <summary>What a learner reads when a condition fails.</summary>
public static class FailureMessages
{
    public const string FailPrefix = "FAIL:";

    /// <summary>The author's fail text, else the last stdout line starting with <c>FAIL:</c> (without the
    /// prefix), else a generic message with the exit code.</summary>
    public static string ForFailure(string? failText, string stdout, int exitCode) =>
        !string.IsNullOrWhiteSpace(failText) ? failText.Trim()
        : LastFailLine(stdout) ?? $"The check did not pass (exit code {exitCode}).";

    public static string? LastFailLine(string stdout)
    {
        foreach (var line in stdout.Split('\n').Reverse())
        {
            if (!line.StartsWith(FailPrefix, StringComparison.Ordinal)) continue;
            var text = line[FailPrefix.Length..].Trim();
            if (text.Length > 0) return text;
        }
        return null;
    }

    public static string ForTimeout(TimeSpan timeout) =>
        $"The check did not finish within {timeout.TotalSeconds:0.#} s.";

    public static string ForSkipped(string needs) => $"Skipped because \"{needs}\" did not pass.";

    public const string EnvironmentGone = "Your environment is no longer available. Start it again, then check again.";

    public const string NotRunEnvironmentGone = "Not run: the environment is no longer available.";

    public const string CouldNotRun = "The check could not run. Try again in a moment.";
}
