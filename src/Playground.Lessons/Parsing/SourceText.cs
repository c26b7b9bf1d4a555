namespace Playground.Lessons;

/// <summary>Reads lesson files the same way everywhere: UTF-8, BOM dropped, line endings made \n.</summary>
internal static class SourceText
{
    public static string Read(string path) => Normalize(File.ReadAllText(path));

    public static string Normalize(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return text.Replace("\r\n", "\n").Replace('\r', '\n');
    }
}
