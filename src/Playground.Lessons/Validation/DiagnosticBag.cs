namespace Playground.Lessons;

/// <summary>Collects diagnostics while parsing; parsers report and carry on so one run shows every problem.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.IsError);

    public void Error(string file, int line, string message, int column = 0) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, file, Math.Max(1, line), message, Math.Max(0, column)));

    public void Warning(string file, int line, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Warning, file, Math.Max(1, line), message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
