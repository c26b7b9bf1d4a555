using System.CommandLine;

namespace Playground.Web.Cli;

/// <summary>`playground lessons validate|new|test`.</summary>
public static class LessonsCommands
{
    public static Command Build()
    {
        var lessons = new Command("lessons", "Author and verify lessons.");
        return lessons;
    }
}
