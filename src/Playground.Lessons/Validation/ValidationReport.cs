namespace Playground.Lessons;

/// <summary>Every problem found under a path, sorted by file and line.</summary>
public sealed record ValidationReport(IReadOnlyList<Diagnostic> Diagnostics, int LessonCount)
{
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
