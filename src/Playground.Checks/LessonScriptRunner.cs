using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Playground.Lessons;

namespace Playground.Checks;

/// <summary>Which of a lesson's scripts runs (check conditions run through <see cref="CheckRunner"/>).</summary>
public enum LessonScriptKind
{
    /// <summary>The lesson's or a step's setup, run when the workspace starts or the step opens.</summary>
    Setup,
    /// <summary>A step's solution, run by the lesson self-test and by "Solve it for me" on the page.</summary>
    Solve,
    /// <summary>A step's cleanup, run once the step is passed and the learner opens a later step.</summary>
    Cleanup,
}

/// <summary>
/// Runs a lesson's setup, solve and cleanup scripts in a learner environment with the same policy as the
/// check conditions: the target kills the script at its timeout inside the sandbox, and
/// <see cref="ScriptDeadline"/> stops waiting shortly after for a target that does not. Every run
/// ends in a <see cref="ScriptResult"/>; a vanished environment throws
/// <see cref="EnvironmentUnavailableException"/>. Stateless and shared.
/// </summary>
public sealed class LessonScriptRunner(CheckOptions? options = null, ILogger<LessonScriptRunner>? logger = null)
{
    private readonly CheckOptions _options = options ?? new CheckOptions();
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>The timeout a script of this kind gets (check conditions take theirs from the plan).</summary>
    public TimeSpan TimeoutFor(LessonScriptKind kind) => _options.ScriptTimeout;

    /// <summary>Runs <paramref name="script"/>; the result says how it ended (exit code, output, timed out).</summary>
    public async Task<ScriptResult> RunAsync(IScriptTarget target, LessonScript script, LessonScriptKind kind, CancellationToken ct)
    {
        var timeout = TimeoutFor(kind);
        var result = await ScriptDeadline.RunAsync(target, new ScriptRequest(script.Text, timeout, _options.OutputLimitBytes), _options.TargetGrace, ct);
        if (result.ExitCode != 0)
            _logger.LogInformation("Lesson {Kind} script {File}:{Line} ended with exit code {ExitCode}{TimedOut}",
                kind, script.File, script.Line, result.ExitCode, result.TimedOut ? " (timed out)" : "");
        return result;
    }

    /// <summary>One line for an author: exit code or timeout, and the end of the output.</summary>
    public static string Describe(ScriptResult result)
    {
        var output = (result.Stderr + result.Stdout).Trim();
        if (output.Length > 400) output = "…" + output[^400..];
        return result.TimedOut ? $"timed out: {output}" : $"exit {result.ExitCode}: {output}";
    }
}

/// <summary>
/// The one deadline policy for every lesson script: the target must kill the script at the
/// request's timeout; past timeout + grace the caller stops waiting and reports a timeout, even
/// for a target that blocks its caller or ignores its token.
/// </summary>
public static class ScriptDeadline
{
    /// <summary>The result when the caller stopped waiting: the target did not stop the script itself.</summary>
    public static ScriptResult Abandoned { get; } = new(137, "", "", false, TimedOut: true);

    /// <summary>Runs the request; a result with <see cref="ScriptResult.TimedOut"/> when the deadline passed.</summary>
    public static async Task<ScriptResult> RunAsync(IScriptTarget target, ScriptRequest request, TimeSpan grace, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(request.Timeout + grace);
        Task<ScriptResult>? run = null;
        try
        {
            run = Task.Run(() => target.RunScriptAsync(request, deadline.Token), CancellationToken.None);
            return await run.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            Observe(run);
            return Abandoned;
        }
        catch (OperationCanceledException)
        {
            Observe(run);
            throw;
        }
    }

    /// <summary>A target we stopped waiting for may still fault later; observe it so it is not reported unobserved.</summary>
    internal static void Observe(Task? run) =>
        run?.ContinueWith(t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
