namespace Playground.Lessons;

/// <summary>A Markdown file cut into its YAML front matter and body, with the file line where each starts.</summary>
internal sealed record SplitDocument(string? Yaml, int YamlLine, string Body, int BodyLine)
{
    public bool HasFrontMatter => Yaml is not null;
}
