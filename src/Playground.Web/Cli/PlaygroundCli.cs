using System.CommandLine;
using Playground.Web.Hosting;

namespace Playground.Web.Cli;

internal static class PlaygroundCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Playground: lessons beside a real terminal in a sandbox.");

        var serve = new Command("serve", "Serve Playground (default). Extra arguments are ASP.NET Core configuration, e.g. --Playground:Urls=http://127.0.0.1:5080");
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, ct) =>
        {
            var app = PlaygroundApp.Build(parse.UnmatchedTokens.ToArray());
            await app.RunAsync(ct);
            return 0;
        });
        root.Subcommands.Add(serve);
        root.Subcommands.Add(LessonsCommands.Build());
        root.Subcommands.Add(InstructorsCommands.Build());
        return root;
    }
}
