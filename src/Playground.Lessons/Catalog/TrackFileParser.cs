using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>Parses lessons/&lt;track&gt;/track.yaml.</summary>
internal static partial class TrackFileParser
{
    public const string FileName = "track.yaml";
    private static readonly string[] Keys = ["title", "description", "order", "lessons"];

    public static TrackDefinition? Parse(string trackDirectory, DiagnosticBag diagnostics)
    {
        var file = Path.Combine(trackDirectory, FileName);
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(trackDirectory));
        if (!Slug().IsMatch(id))
            diagnostics.Error(file, 1, $"the track folder name '{id}' may contain only a-z, 0-9 and - (it appears in URLs)");

        var mapping = YamlDocumentReader.LoadMapping(SourceText.Read(file), 1, file, diagnostics, "track.yaml");
        if (mapping is null) return null;
        var fields = new YamlFields(mapping, file, 1, diagnostics);
        fields.RejectUnknownKeys(Keys, "track.yaml");
        fields.Require("title", "track.yaml");
        fields.Require("lessons", "track.yaml");

        var lessons = new List<ListedLesson>();
        switch (fields.Node("lessons"))
        {
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlScalarNode { Value: { Length: > 0 } name })
                    {
                        diagnostics.Error(file, fields.LineOf(item), "each entry of 'lessons' must be a lesson folder name");
                        continue;
                    }
                    if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.'))
                        diagnostics.Error(file, fields.LineOf(item), $"'{name}' must be the name of a folder next to track.yaml");
                    else if (lessons.Any(l => l.Folder == name))
                        diagnostics.Error(file, fields.LineOf(item), $"'{name}' is listed twice");
                    else
                        lessons.Add(new ListedLesson(name, fields.LineOf(item)));
                }
                break;
            case { } other:
                diagnostics.Error(file, fields.LineOf(other), "'lessons' must be a list of lesson folder names: [first-lesson, second-lesson]");
                break;
        }

        return new TrackDefinition(
            id,
            trackDirectory,
            file,
            fields.Localized("title") ?? LocalizedText.Of(id),
            fields.Localized("description") ?? LocalizedText.Empty,
            fields.Int("order", -100_000, 100_000) ?? 1000,
            lessons,
            fields.KeyLine("lessons"));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Slug();
}
