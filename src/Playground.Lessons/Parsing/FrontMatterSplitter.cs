namespace Playground.Lessons;

/// <summary>Splits <c>---\nyaml\n---\nbody</c>. A file without a leading <c>---</c> is all body.</summary>
internal static class FrontMatterSplitter
{
    public static SplitDocument Split(string text, string file, DiagnosticBag diagnostics)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
            return new SplitDocument(null, 0, text, 1);

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line is "---" or "...")
            {
                var yaml = string.Join('\n', lines[1..i]) + "\n";
                var body = string.Join('\n', lines[(i + 1)..]);
                return new SplitDocument(yaml, 2, body, i + 2);
            }
        }

        diagnostics.Error(file, 1, "the front matter opened with --- on line 1 is never closed (add a line with --- after the last key)");
        return new SplitDocument(null, 0, "", lines.Length + 1);
    }
}
