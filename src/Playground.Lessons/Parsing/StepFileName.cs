namespace Playground.Lessons;

/// <summary>A step file name <c>NN-slug.md</c> or its translation <c>NN-slug.xx.md</c>.</summary>
internal sealed record StepFileName(int Number, string Slug, string? Language, string Path)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    public string BaseFileName => $"{Number:00}-{Slug}.md";
}
