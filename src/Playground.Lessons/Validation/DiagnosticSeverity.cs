namespace Playground.Lessons;

/// <summary>How bad a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The lesson (or that translation) cannot be shown; the catalog skips it.</summary>
    Error,
    /// <summary>Works, but probably not as the author meant.</summary>
    Warning,
}
