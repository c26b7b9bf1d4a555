using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>Loads YAML into a node tree that keeps line numbers; syntax errors become diagnostics with the file line.</summary>
internal static partial class YamlDocumentReader
{
    /// <param name="firstLine">File line of the YAML's first line (2 for front matter right after ---).</param>
    public static YamlNode? Load(string yaml, int firstLine, string file, DiagnosticBag diagnostics)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0) return null;
            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode;
                diagnostics.Error(file, firstLine + (int)second.Start.Line - 1, "only one YAML document is allowed here (remove the extra ---)");
            }
            return stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            // An error found at the end of input is reported on the line after the last one: point at the last.
            var lastLine = firstLine + yaml.TrimEnd('\n').Count(c => c == '\n');
            var reported = firstLine + Math.Max(1, (int)ex.Start.Line) - 1;
            var line = Math.Min(reported, lastLine);
            var column = reported > lastLine ? 1 : Math.Max(1, (int)ex.Start.Column);
            var message = Describe(ex);
            diagnostics.Error(file, line, $"invalid YAML: {message}{YamlHints.For(message)}", column);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way (e.g. an unclosed [ at the end); find the last readable spot.
            var (line, column) = LastReadablePosition(yaml);
            diagnostics.Error(file, firstLine + line - 1,
                "invalid YAML: cannot read past this point (hint: an unclosed [, { or quote? Close it, or put the whole value in quotes)", column);
            return null;
        }
    }

    private static (int Line, int Column) LastReadablePosition(string yaml)
    {
        var (line, column) = (1, 1);
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                if (parser.Current is { } current) (line, column) = (Math.Max(1, (int)current.Start.Line), Math.Max(1, (int)current.Start.Column));
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
        }
        return (line, column);
    }

    public static YamlMappingNode? LoadMapping(string yaml, int firstLine, string file, DiagnosticBag diagnostics, string what)
    {
        var root = Load(yaml, firstLine, file, diagnostics);
        switch (root)
        {
            case null when IsBlank(yaml):
                return new YamlMappingNode();
            case null:
                return null;
            case YamlMappingNode mapping:
                return mapping;
            case YamlScalarNode { Value: null or "" }:
                return new YamlMappingNode();
            default:
                diagnostics.Error(file, firstLine + (int)root.Start.Line - 1, $"{what} must be a set of `key: value` lines");
                return null;
        }
    }

    private static bool IsBlank(string yaml) =>
        yaml.Split('\n').All(l => string.IsNullOrWhiteSpace(l) || l.TrimStart().StartsWith('#'));

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : ex.Message;
        message = MarkPrefix().Replace(message, "");
        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase)) return "a key appears twice";
        return message.TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
