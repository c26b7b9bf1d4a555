using Spectre.Console;

namespace Playground.Bench;

/// <summary>A progress bar on an interactive console; silence when the output goes to a file or pipe.</summary>
internal static class BenchProgress
{
    public static async Task RunAsync(string description, int total, Func<Action, Task> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            await work(() => { });
            return;
        }
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(description), maxValue: total);
                await work(() => task.Increment(1));
            });
    }

    /// <summary>A one-line status while a step runs.</summary>
    public static async Task StatusAsync(string initial, Func<Action<string>, Task> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            await work(_ => { });
            return;
        }
        await AnsiConsole.Status().StartAsync(Markup.Escape(initial), async context => await work(s => context.Status(Markup.Escape(s))));
    }
}
