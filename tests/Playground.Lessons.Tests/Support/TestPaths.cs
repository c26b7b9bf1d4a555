namespace Playground.Lessons.Tests;

public static class TestPaths
{
    public static string Corpus => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static string GoodCorpus => Path.Combine(Corpus, "good");

    public static string BrokenCorpus => Path.Combine(Corpus, "broken");

    /// <summary>The repository root (the folder holding Playground.sln), found from the test binaries upwards.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Playground.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("Playground.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string LessonsRoot => Path.Combine(RepositoryRoot, "lessons");
}
