namespace Playground.Web.Hosting;

/// <summary>
/// Finds the Playground checkout (the folder with Playground.sln) so that lessons/,
/// sandbox-images/ and .data/ resolve the same way from `dotnet run`, the built dll and tests.
/// </summary>
internal sealed record RepositoryLayout(string Root)
{
    public string Lessons => Path.Combine(Root, "lessons");
    public string SandboxImages => Path.Combine(Root, "sandbox-images");
    public string Data => Path.Combine(Root, ".data");
    public string Database => Path.Combine(Data, "playground.db");

    public static RepositoryLayout Discover(string? configuredRoot = null)
    {
        if (!string.IsNullOrEmpty(configuredRoot)) return new RepositoryLayout(Path.GetFullPath(configuredRoot));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Playground.sln"))) return new RepositoryLayout(dir.FullName);
        }
        return new RepositoryLayout(Directory.GetCurrentDirectory());
    }
}
