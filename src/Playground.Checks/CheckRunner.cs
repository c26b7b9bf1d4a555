using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Playground.Checks;

/// <summary>
/// Runs a step's conditions, in order, inside the learner's environment. Stateless and safe to share:
/// one instance serves every learner.
/// </summary>
public sealed class CheckRunner
{
    private readonly CheckOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CheckMetrics? _metrics;

    /// <summary>A runner with the given options (defaults when null), logger, clock and metrics.</summary>
    public CheckRunner(CheckOptions? options = null, ILogger<CheckRunner>? logger = null, TimeProvider? time = null, CheckMetrics? metrics = null)
    {
        _metrics = metrics;
        _options = options ?? new CheckOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.OutputLimitBytes);
        if (_options.TargetGrace < TimeSpan.Zero || _options.TargetGrace >= TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(options), _options.TargetGrace, "TargetGrace must be in [0, 1 s).");
        _logger = logger ?? NullLogger<CheckRunner>.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs the plan. Throws <see cref="ArgumentException"/> for an invalid plan and
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.</summary>
    public async Task<CheckReport> RunAsync(CheckPlan plan, IScriptTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        plan.Validate();

        var started = _time.GetTimestamp();
        var results = new List<ConditionResult>(plan.Conditions.Count);
        var statusById = new Dictionary<string, ConditionStatus>(StringComparer.Ordinal);
        var environmentGone = false;

        foreach (var condition in plan.Conditions)
        {
            ct.ThrowIfCancellationRequested();
            ConditionResult result;
            if (environmentGone)
            {
                result = new(condition.Id, ConditionStatus.Skipped, FailureMessages.NotRunEnvironmentGone, "", TimeSpan.Zero);
            }
            else if (condition.AllNeeds.FirstOrDefault(n => statusById[n] != ConditionStatus.Passed) is { } needs)
            {
                result = new(condition.Id, ConditionStatus.Skipped, FailureMessages.ForSkipped(needs), "", TimeSpan.Zero);
            }
            else
            {
                (result, environmentGone) = await RunConditionAsync(condition, plan.Timeout, target, ct);
            }
            results.Add(result);
            statusById[condition.Id] = result.Status;
        }

        var verdict = results.Any(r => r.Status == ConditionStatus.Error) ? CheckVerdict.Error
            : results.All(r => r.Status == ConditionStatus.Passed) ? CheckVerdict.Passed
            : CheckVerdict.Failed;
        var elapsed = _time.GetElapsedTime(started);
        _logger.LogInformation(
            "Check {Verdict} in {ElapsedMs} ms: {PassedCount} of {ConditionCount} conditions passed",
            verdict, (long)elapsed.TotalMilliseconds, results.Count(r => r.Status == ConditionStatus.Passed), results.Count);
        _metrics?.Record(verdict, elapsed);
        return new CheckReport(verdict, results, elapsed);
    }

    private async Task<(ConditionResult Result, bool EnvironmentGone)> RunConditionAsync(
        CheckCondition condition, TimeSpan timeout, IScriptTarget target, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var request = new ScriptRequest(condition.Script, timeout, _options.OutputLimitBytes);
        try
        {
            // The one deadline policy of lesson scripts: the target kills the exec at the timeout, and the
            // runner stops waiting at timeout + grace even for a target that blocks or ignores its token.
            var script = await ScriptDeadline.RunAsync(target, request, _options.TargetGrace, ct);
            if (ReferenceEquals(script, ScriptDeadline.Abandoned))
                _logger.LogWarning(
                    "Check condition {ConditionId} outlived its {TimeoutMs} ms timeout; the target did not stop it",
                    condition.Id, (long)timeout.TotalMilliseconds);
            return (Classify(condition, timeout, script, _time.GetElapsedTime(started)), false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (EnvironmentUnavailableException e)
        {
            _logger.LogInformation("Check condition {ConditionId} found the environment gone: {Reason}", condition.Id, e.Message);
            return (new(condition.Id, ConditionStatus.Error, FailureMessages.EnvironmentGone, e.Message, _time.GetElapsedTime(started)), true);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Check condition {ConditionId} could not run", condition.Id);
            return (new(condition.Id, ConditionStatus.Error, FailureMessages.CouldNotRun, e.Message, _time.GetElapsedTime(started)), false);
        }
    }

    private ConditionResult Classify(CheckCondition condition, TimeSpan timeout, ScriptResult script, TimeSpan elapsed)
    {
        var output = AuthorOutput.Compose(script.Stdout, script.Stderr, script.Truncated, _options.OutputLimitBytes);
        if (script.TimedOut)
            return new(condition.Id, ConditionStatus.TimedOut, FailureMessages.ForTimeout(timeout), output, elapsed);
        if (script.ExitCode == 0)
            return new(condition.Id, ConditionStatus.Passed, null, output, elapsed);
        var message = FailureMessages.ForFailure(condition.FailText, script.Stdout, script.ExitCode);
        return new(condition.Id, ConditionStatus.Failed, message, output, elapsed);
    }

}
