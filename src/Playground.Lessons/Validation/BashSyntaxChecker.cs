using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Playground.Lessons;

/// <summary>
/// Checks a lesson script with <c>/bin/bash -n</c> (parse only, nothing runs) and maps bash's line numbers back
/// to the lesson file. The one process the Lessons library starts.
/// </summary>
public sealed partial class BashSyntaxChecker
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _bashPath;

    /// <summary>A checker that runs <c>bash -n</c> from <paramref name="bashPath"/>.</summary>
    public BashSyntaxChecker(string bashPath = "/bin/bash") => _bashPath = bashPath;

    /// <summary>Whether bash exists at the given path.</summary>
    public bool IsAvailable => File.Exists(_bashPath);

    /// <summary>The syntax errors of <paramref name="script"/>, at their lines in the lesson file.</summary>
    public async Task<IReadOnlyList<Diagnostic>> CheckAsync(LessonScript script, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(_bashPath, ["-n", "/dev/stdin"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_bashPath}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(script.Text.AsMemory(), timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            await stdout;
            return process.ExitCode == 0 ? [] : Parse(await stderr, script);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return [new Diagnostic(DiagnosticSeverity.Error, script.File, script.Line, "bash -n did not finish within 10 s")];
        }
    }

    /// <summary>
    /// Checks many scripts with ONE bash process instead of one per script (starting ~360 processes was nearly all
    /// of a curriculum validation's time). For each script, bash forks a subshell that turns on <c>set -n</c>
    /// ("read commands but do not execute them") on a line of its own and then <c>eval</c>s the script: eval reads
    /// command by command, so nothing after that first line runs, and syntax errors are reported exactly as
    /// <c>bash -n</c> reports them, with the line shifted by one. Scripts are NUL-separated on stdin (YAML text
    /// cannot contain NUL); each answer is bash's messages, NUL, the exit status, NUL.
    /// </summary>
    public async Task<IReadOnlyList<Diagnostic>> CheckAllAsync(IReadOnlyList<LessonScript> scripts, CancellationToken cancellationToken = default)
    {
        if (scripts.Count == 0) return [];
        const string Driver = "while IFS= read -r -d '' s; do ( eval $'set -n\\n'\"$s\" ) 2>&1; printf '\\0%d\\0' $?; done";
        var start = new ProcessStartInfo(_bashPath, ["--norc", "--noprofile", "-c", Driver])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_bashPath}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout + TimeSpan.FromMilliseconds(50) * scripts.Count);
        string stdout;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            foreach (var script in scripts)
            {
                await process.StandardInput.WriteAsync(script.Text.Replace("\0", "").AsMemory(), timeout.Token);
                await process.StandardInput.WriteAsync("\0".AsMemory(), timeout.Token);
            }
            process.StandardInput.Close();
            stdout = await output;
            await errors;
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return [new Diagnostic(DiagnosticSeverity.Error, scripts[0].File, scripts[0].Line, $"bash did not finish checking {scripts.Count} scripts in time")];
        }

        var records = stdout.Split('\0');
        var diagnostics = new List<Diagnostic>();
        for (var i = 0; i < scripts.Count; i++)
        {
            if (2 * i + 1 >= records.Length)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, scripts[i].File, scripts[i].Line, "bash stopped before checking this script"));
                continue;
            }
            if (records[2 * i + 1] != "0") diagnostics.AddRange(Parse(records[2 * i], scripts[i], lineOffset: -1));
        }
        return diagnostics;
    }

    private static List<Diagnostic> Parse(string stderr, LessonScript script, int lineOffset = 0)
    {
        var diagnostics = new List<Diagnostic>();
        var lastLine = script.Line + script.Text.TrimEnd('\n').Count(c => c == '\n');
        foreach (var raw in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = BashError().Match(raw.Trim());
            var message = match.Success ? match.Groups[2].Value : raw.Trim();
            // bash echoes the offending source line as a second message: the first one says it all.
            if (message.StartsWith('`')) continue;
            // "unexpected end of file" is reported on the line after the script; point at its last line instead.
            var line = match.Success ? Math.Clamp(script.Line + int.Parse(match.Groups[1].Value) - 1 + lineOffset, script.Line, lastLine) : script.Line;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, script.File, line, $"bash syntax error: {message}"));
        }
        if (diagnostics.Count == 0)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, script.File, script.Line, "bash syntax error (bash -n failed)"));
        return diagnostics;
    }

    [GeneratedRegex(@"^(?:/dev/stdin|[^:]*bash(?::\s*eval)?):\s*line\s+(\d+):\s*(.*)$")]
    private static partial Regex BashError();
}
