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

    public BashSyntaxChecker(string bashPath = "/bin/bash") => _bashPath = bashPath;

    public bool IsAvailable => File.Exists(_bashPath);

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

    private static List<Diagnostic> Parse(string stderr, LessonScript script)
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
            var line = match.Success ? Math.Min(script.Line + int.Parse(match.Groups[1].Value) - 1, lastLine) : script.Line;
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, script.File, line, $"bash syntax error: {message}"));
        }
        if (diagnostics.Count == 0)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, script.File, script.Line, "bash syntax error (bash -n failed)"));
        return diagnostics;
    }

    [GeneratedRegex(@"^(?:/dev/stdin|[^:]*bash):\s*line\s+(\d+):\s*(.*)$")]
    private static partial Regex BashError();
}
