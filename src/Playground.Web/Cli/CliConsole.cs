using Spectre.Console;

namespace Playground.Web.Cli;

/// <summary>
/// The console for tables: colours and box drawing on a terminal; plain text (no escape codes) when the output is a
/// file or a pipe, or when NO_COLOR is set (https://no-color.org), so logs and CI stay readable.
/// </summary>
internal static class CliConsole
{
    public static IAnsiConsole Create()
    {
        var plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (plain) console.Profile.Width = 160;
        return console;
    }
}
