using System.CommandLine;
using Playground.Web.Cli;

// `playground` with no command serves the web application; other commands are for instructors
// and operators (lessons validate/new/test). One binary keeps one configuration story.
return await PlaygroundCli.Build().Parse(args.Length == 0 ? ["serve"] : args).InvokeAsync();

internal partial class Program;
