using Playground.Web.Hosting;

namespace Playground.Web.Cli;

/// <summary>
/// Where the lesson commands read and write lessons when no path is given. In order: the option
/// (<c>--root</c>/<c>--out</c>), the <c>Playground:Lessons:Root</c> setting (environment variable
/// <c>Playground__Lessons__Root</c>, the same key the server reads), the <c>lessons/</c> folder of the Playground
/// checkout that contains the current folder. Never the installation's own folder: outside a checkout, without a
/// setting, the command asks for <c>--root</c> instead of writing next to the binaries.
/// </summary>
internal static class LessonsRoot
{
    public const string SettingVariable = "Playground__Lessons__Root";

    /// <returns>The absolute lessons root, or null with <paramref name="error"/> set.</returns>
    public static string? Resolve(string? option, out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(option)) return Path.GetFullPath(option);
        if (Environment.GetEnvironmentVariable(SettingVariable) is { Length: > 0 } configured) return Path.GetFullPath(configured);
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Playground.sln"))) return new RepositoryLayout(dir.FullName).Lessons;
        }
        error = $"no lessons folder: run this inside a Playground checkout, pass --root DIR, or set {SettingVariable}";
        return null;
    }
}
