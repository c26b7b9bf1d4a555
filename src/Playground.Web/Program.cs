using System.CommandLine;
using Playground.Web.Cli;

// `playground` with no command serves the web application; other commands are for instructors
// and operators (lessons validate/new/test). One binary keeps one configuration story.
var parsed = PlaygroundCli.Build().Parse(args.Length == 0 ? ["serve"] : args);
// `serve` leaves SIGTERM/Ctrl-C to the host (ConsoleLifetime), which waits for every hosted service to stop (sandbox
// removal included, bounded by Playground:ShutdownTimeout). System.CommandLine's own handler would return from Main
// 2 s after the signal, ending the process while the sandboxes were still being removed.
var invocation = new InvocationConfiguration();
if (parsed.CommandResult.Command.Name == "serve") invocation.ProcessTerminationTimeout = null;
return await parsed.InvokeAsync(invocation);

internal partial class Program;
