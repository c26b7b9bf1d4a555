namespace Playground.Lessons;

/// <summary>
/// A problem in a lesson file, printed like a compiler: <c>file:line: error: message</c>, or
/// <c>file:line:col: error: message</c> when the column is known (YAML errors). Line and column are 1-based;
/// <see cref="Column"/> is 0 when unknown.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string File, int Line, string Message, int Column = 0)
{
    /// <summary>Whether this is an error (not a warning).</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>file:line:column: severity: message</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}{(Column > 0 ? $":{Column}" : "")}: {(IsError ? "error" : "warning")}: {Message}";
}
