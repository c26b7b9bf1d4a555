namespace Playground.Checks;

/// <summary>What a learner reads when a condition fails.</summary>
public static class FailureMessages
{
    /// <summary>Lines of author output starting with this carry the message shown to the learner.</summary>
    public const string FailPrefix = "FAIL:";

    /// <summary>The author's fail text, else the last stdout line starting with <c>FAIL:</c> (without the
    /// prefix), else a generic message with the exit code.</summary>
    public static string ForFailure(string? failText, string stdout, int exitCode) =>
        !string.IsNullOrWhiteSpace(failText) ? failText.Trim()
        : LastFailLine(stdout) ?? $"The check did not pass (exit code {exitCode}).";

    /// <summary>The text after the last <c>FAIL:</c> line of <paramref name="stdout"/>, trimmed; null when there is none.</summary>
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

    /// <summary>The message of a condition that ran past <paramref name="timeout"/>.</summary>
    public static string ForTimeout(TimeSpan timeout) =>
        $"The check did not finish within {timeout.TotalSeconds:0.#} s.";

    /// <summary>The message of a condition skipped because <paramref name="needs"/> did not pass.</summary>
    public static string ForSkipped(string needs) => $"Skipped because \"{needs}\" did not pass.";

    /// <summary>Shown when the learner's environment ended during a check.</summary>
    public const string EnvironmentGone = "Your environment is no longer available. Start it again, then check again.";

    /// <summary>Shown on conditions not run because the environment ended.</summary>
    public const string NotRunEnvironmentGone = "Not run: the environment is no longer available.";

    /// <summary>Shown when a check could not run for a reason that is not the learner's.</summary>
    public const string CouldNotRun = "The check could not run. Try again in a moment.";
}
