using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>Adds a lesson to track.yaml's <c>lessons</c> list by editing the text, so the author's comments and layout stay.</summary>
internal static class TrackYamlEditor
{
    public static string AppendLesson(string yaml, string lessonFolder)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m ? m : new YamlMappingNode();
        }
        catch (YamlException ex)
        {
            throw new LessonScaffoldException($"track.yaml is not valid YAML (line {ex.Start.Line}); fix it first");
        }

        var key = root.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: "lessons" });
        if (key is null)
            return yaml.TrimEnd('\n') + $"\nlessons: [{lessonFolder}]\n";

        switch (root.Children[key])
        {
            case YamlSequenceNode sequence when sequence.Children.Any(c => c is YamlScalarNode { Value: var v } && v == lessonFolder):
                throw new LessonScaffoldException($"track.yaml already lists '{lessonFolder}'");
            case YamlSequenceNode { Style: SequenceStyle.Flow } flow:
            {
                var close = ClosingBracket(yaml, (int)flow.Start.Index);
                var separator = flow.Children.Count == 0 ? "" : ", ";
                return yaml.Insert(close, separator + lessonFolder);
            }
            case YamlSequenceNode { Children.Count: > 0 } block:
            {
                var last = block.Children[^1];
                var lineStart = yaml.LastIndexOf('\n', (int)last.Start.Index - 1) + 1;
                var prefix = yaml[lineStart..(int)last.Start.Index];
                var lineEnd = yaml.IndexOf('\n', (int)last.End.Index);
                if (lineEnd < 0) return yaml + "\n" + prefix + lessonFolder + "\n";
                return yaml.Insert(lineEnd, "\n" + prefix + lessonFolder);
            }
            case YamlScalarNode { Value: null or "" or "~" or "null" }:
            {
                var colon = yaml.IndexOf(':', (int)key.End.Index);
                var end = yaml.IndexOf('\n', colon);
                var line = end < 0 ? yaml[colon..] : yaml[colon..end];
                var replaced = $": [{lessonFolder}]" + (line.Contains('#') ? "  " + line[line.IndexOf('#')..] : "");
                return yaml[..colon] + replaced + (end < 0 ? "\n" : yaml[end..]);
            }
            default:
                throw new LessonScaffoldException("'lessons' in track.yaml is not a list; fix it first");
        }
    }

    // YamlDotNet leaves End unset on sequence nodes, so the ']' is found by scanning from the '['.
    private static int ClosingBracket(string yaml, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < yaml.Length; i++)
        {
            var c = yaml[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '[': depth++; break;
                case ']' when --depth == 0: return i;
            }
        }
        throw new LessonScaffoldException("the 'lessons' list in track.yaml has no closing ]");
    }
}
