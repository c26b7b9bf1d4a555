namespace Playground.Lessons.Tests;

/// <summary>A throw-away lessons root under the temp folder, removed on dispose.</summary>
public sealed class TempLessons : IDisposable
{
    public TempLessons()
    {
        Root = Path.Combine(Path.GetTempPath(), "pg-lessons-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="content"/> at <paramref name="relativePath"/> (folders created).</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Copies a folder's contents into this root, or into <paramref name="into"/> under it.</summary>
    public void CopyFrom(string source, string into = "")
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, into, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>A minimal valid track "t" with one lesson "l" whose step 01 has the given front matter and body.</summary>
    public string WriteLesson(string stepFrontMatter, string stepBody, string environment = "shell", string lessonExtra = "")
    {
        Write("t/track.yaml", "title: T\nlessons: [l]\n");
        Write("t/l/lesson.md", $"---\ntitle: L\nsummary: S\nduration: 5\nenvironment: {environment}\n{lessonExtra}---\nIntro\n");
        return Write("t/l/01-first.md", $"---\n{stepFrontMatter}---\n{stepBody}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
