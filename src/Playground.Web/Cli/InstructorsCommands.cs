using System.CommandLine;
using Playground.Cohorts;
using Playground.Web.Hosting;

namespace Playground.Web.Cli;

/// <summary>`playground instructors add NAME`: the first instructor account, with a one-time sign-in link.</summary>
internal static class InstructorsCommands
{
    public static Command Build()
    {
        var instructors = new Command("instructors", "Manage instructor accounts.");
        var name = new Argument<string>("name") { Description = "The instructor's sign-in name" };
        var add = new Command("add", "Create an instructor and print a one-time sign-in link (valid 24 h) to set the password. " +
            "Extra arguments are configuration, e.g. --Playground:PublicUrl=https://class.example.org") { name };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction(async (parse, ct) =>
        {
            var app = PlaygroundApp.Build(parse.UnmatchedTokens.ToArray());
            var store = app.Services.GetRequiredService<CohortStore>();
            try
            {
                var instructor = await store.AddInstructorAsync(parse.GetValue(name) ?? "", ct);
                var token = await store.CreateSignInTokenAsync(instructor.Id, ct);
                var config = app.Services.GetRequiredService<IConfiguration>();
                // The address students and instructors type: the public URL, else the first allowed origin, else where it listens.
                var baseUrl = (config["Playground:PublicUrl"] ?? config["Playground:AllowedOrigins:0"]
                    ?? (config["urls"] ?? config["Playground:Urls"] ?? new PlaygroundOptions().Urls).Split(';')[0]).TrimEnd('/');
                Console.WriteLine($"Instructor '{instructor.Name}' created. Open this link once to set a password (valid 24 hours):");
                Console.WriteLine($"{baseUrl}{Playground.Web.Cohorts.InstructorSignIn.SignInPath}/{token}");
                return 0;
            }
            catch (CohortException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        instructors.Subcommands.Add(add);
        return instructors;
    }
}
