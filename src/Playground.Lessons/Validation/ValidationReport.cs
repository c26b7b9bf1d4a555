namespace Playground.Lessons;

/// <summary>Every problem found under a path, sorted by file and line.</summary>
public sealed record ValidationReport(IReadOnlyList<Diagnostic> Diagnostics, int LessonCount)
{
    /// <summary>The errors.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>The warnings.</summary>
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    /// <summary>Whether any error was found.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
