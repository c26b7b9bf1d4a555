namespace Playground.Lessons;

/// <summary>A problem in a lesson file, printed as <c>file:line: error: message</c> like a compiler.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string File, int Line, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        $"{File}:{Line}: {(IsError ? "error" : "warning")}: {Message}";
}
