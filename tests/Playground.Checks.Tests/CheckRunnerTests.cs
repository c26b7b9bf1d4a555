using System.Diagnostics;
using System.Text;

namespace Playground.Checks.Tests;

/// <summary>The checker against a real container through real execs.</summary>
public class CheckRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly CheckRunner _runner = new();

    private static CheckPlan Plan(params CheckCondition[] conditions) => new(conditions, Timeout);
    private static CheckCondition Condition(string id, string script, string? fail = null, string? needs = null) => new(id, script, fail, needs);

    [Fact]
    public async Task A_condition_that_exits_zero_passes_and_keeps_its_output()
    {
        await using var container = await TestContainer.StartAsync(Ct);

        var report = await _runner.RunAsync(Plan(
            Condition("dir", "mkdir -p /tmp/work && test -d /tmp/work && echo found it"),
            Condition("non-interactive", "test ! -t 0 && test ! -t 1")), container.Target(), Ct);

        Assert.Equal(CheckVerdict.Passed, report.Verdict);
        Assert.All(report.Conditions, c => Assert.Equal(ConditionStatus.Passed, c.Status));
        Assert.Equal("found it\n", report.Conditions[0].Output);
        Assert.Null(report.Conditions[0].Message);
    }

    [Fact]
    public async Task A_condition_whose_needs_did_not_pass_is_skipped_and_the_rest_still_run()
    {
        await using var container = await TestContainer.StartAsync(Ct);

        var report = await _runner.RunAsync(Plan(
            Condition("running", "test -e /tmp/web.pid", fail: "The web server is not running."),
            Condition("serves", "echo should not run > /tmp/ran", needs: "running"),
            Condition("workdir", "test -d /tmp"),
            Condition("after-workdir", "test ! -e /tmp/ran", needs: "workdir")), container.Target(), Ct);

        Assert.Equal(CheckVerdict.Failed, report.Verdict);
        Assert.Equal(
            [ConditionStatus.Failed, ConditionStatus.Skipped, ConditionStatus.Passed, ConditionStatus.Passed],
            report.Conditions.Select(c => c.Status));
        Assert.Equal("The web server is not running.", report.Conditions[0].Message);
        Assert.Contains("\"running\"", report.Conditions[1].Message);
        Assert.Equal(["running", "serves", "workdir", "after-workdir"], report.Conditions.Select(c => c.Id));
    }

    [Fact]
    public async Task A_failure_message_is_the_fail_text_else_the_last_FAIL_line_else_the_exit_code()
    {
        await using var container = await TestContainer.StartAsync(Ct);

        var report = await _runner.RunAsync(Plan(
            Condition("fail-line", "echo 'FAIL: first problem'; echo noise; echo 'FAIL:   the file /tmp/x is missing  '; echo oops >&2; exit 1"),
            Condition("fail-text", "echo 'FAIL: ignored'; exit 1", fail: "Create /tmp/x first."),
            Condition("exit-code", "echo 'not a FAIL: line'; exit 3"),
            Condition("korean", "echo 'FAIL: 파일이 없습니다'; exit 2")), container.Target(), Ct);

        Assert.Equal(CheckVerdict.Failed, report.Verdict);
        Assert.All(report.Conditions, c => Assert.Equal(ConditionStatus.Failed, c.Status));
        Assert.Equal("the file /tmp/x is missing", report.Conditions[0].Message);
        Assert.Equal("FAIL: first problem\nnoise\nFAIL:   the file /tmp/x is missing  \noops\n", report.Conditions[0].Output);
        Assert.Equal("Create /tmp/x first.", report.Conditions[1].Message);
        Assert.Contains("exit code 3", report.Conditions[2].Message);
        Assert.Equal("파일이 없습니다", report.Conditions[3].Message);
    }

    [Fact]
    public async Task A_condition_sleeping_past_its_timeout_is_cut_off_and_reported_timed_out()
    {
        await using var container = await TestContainer.StartAsync(Ct);
        var timeout = TimeSpan.FromSeconds(2);

        var report = await _runner.RunAsync(new CheckPlan([Condition("slow", "sleep 600")], timeout), container.Target(), Ct);

        var condition = Assert.Single(report.Conditions);
        Assert.Equal(ConditionStatus.TimedOut, condition.Status);
        Assert.Equal(CheckVerdict.Failed, report.Verdict);
        Assert.Contains("2 s", condition.Message);
        // Cut off at the timeout, not when the sleep ends (how promptly is the bench's business, not a test's).
        Assert.InRange(report.Elapsed, timeout, TimeSpan.FromSeconds(120));
        // The target killed it: the container has no sleeping script left.
        var leftovers = await _runner.RunAsync(Plan(Condition("ps", """
            procs=$(for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' < "$f" 2>/dev/null; echo; done)
            echo "$procs" | grep -qx 'sleep infinity ' && ! echo "$procs" | grep -qx 'sleep 600 '
            """)), container.Target(), Ct);
        Assert.Equal(CheckVerdict.Passed, leftovers.Verdict);
    }

    [Fact]
    public async Task A_target_that_does_not_stop_at_the_timeout_still_yields_a_report_at_the_timeout()
    {
        await using var container = await TestContainer.StartAsync(Ct);
        var timeout = TimeSpan.FromSeconds(2);

        var stopwatch = Stopwatch.StartNew();
        var report = await _runner.RunAsync(
            new CheckPlan([Condition("slow", "sleep 600"), Condition("next", "true")], timeout), container.Target(misbehave: true), Ct);
        stopwatch.Stop();

        Assert.Equal(ConditionStatus.TimedOut, report.Conditions[0].Status);
        Assert.Equal(ConditionStatus.Passed, report.Conditions[1].Status);
        // The runner stops waiting at the timeout although the target never stops the script (600 s).
        Assert.InRange(report.Conditions[0].Elapsed, timeout, TimeSpan.FromSeconds(120));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(180), $"the report took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Megabytes_of_output_are_cut_to_the_cap_with_a_marker()
    {
        await using var container = await TestContainer.StartAsync(Ct);

        var report = await _runner.RunAsync(Plan(
            Condition("ascii", "head -c 5000000 /dev/zero | tr '\\0' x; head -c 3000000 /dev/zero | tr '\\0' e >&2"),
            Condition("korean", "yes 가나다라 | head -c 3000000")), container.Target(), Ct);

        Assert.Equal(CheckVerdict.Passed, report.Verdict);
        foreach (var condition in report.Conditions)
        {
            Assert.EndsWith("\n" + AuthorOutput.TruncatedMarker, condition.Output);
            var kept = condition.Output[..^(AuthorOutput.TruncatedMarker.Length + 1)];
            Assert.InRange(Encoding.UTF8.GetByteCount(kept), 16 * 1024 - 16, 16 * 1024);
        }
        Assert.Matches("^x+$", report.Conditions[0].Output[..^(AuthorOutput.TruncatedMarker.Length + 1)]);
        Assert.Matches("^(가나다라\n)+[가나다라\n]*$", report.Conditions[1].Output[..^(AuthorOutput.TruncatedMarker.Length + 1)]);
    }

    [Fact]
    public async Task Removing_the_container_mid_check_gives_an_error_verdict()
    {
        await using var container = await TestContainer.StartAsync(Ct);

        var check = _runner.RunAsync(Plan(
            Condition("first", "true"),
            Condition("long", "touch /tmp/long-started; sleep 600"),
            Condition("after", "true"),
            Condition("needs-long", "true", needs: "long")), container.Target(), Ct);
        // Remove the container once the long condition runs (waiting for it, not for a guessed time).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await container.FileExistsAsync("/tmp/long-started", Ct) && DateTime.UtcNow < deadline)
            await Task.Delay(50, Ct);
        await container.RemoveAsync();
        var report = await check;

        Assert.True(report.Verdict == CheckVerdict.Error, string.Join("\n", report.Conditions));
        Assert.Equal(
            [ConditionStatus.Passed, ConditionStatus.Error, ConditionStatus.Skipped, ConditionStatus.Skipped],
            report.Conditions.Select(c => c.Status));
        Assert.Contains("no longer available", report.Conditions[1].Message);
        Assert.Contains("no longer available", report.Conditions[2].Message);
        Assert.True(report.Elapsed < TimeSpan.FromSeconds(180), $"the report took {report.Elapsed}: it waited for the 600 s sleep");
    }

    [Fact]
    public async Task A_container_already_gone_gives_an_error_verdict()
    {
        await using var container = await TestContainer.StartAsync(Ct);
        await container.RemoveAsync();

        var report = await _runner.RunAsync(Plan(Condition("c1", "true"), Condition("c2", "true")), container.Target(), Ct);

        Assert.Equal(CheckVerdict.Error, report.Verdict);
        Assert.Equal([ConditionStatus.Error, ConditionStatus.Skipped], report.Conditions.Select(c => c.Status));
        Assert.Contains(container.Id, report.Conditions[0].Output);
    }

    [Fact]
    public async Task Cancelling_stops_the_check_promptly()
    {
        await using var container = await TestContainer.StartAsync(Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromSeconds(1));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync(Plan(Condition("long", "sleep 30"), Condition("after", "true")), container.Target(), cancel.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"cancellation took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_before_anything_runs()
    {
        await using var container = await TestContainer.StartAsync(Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _runner.RunAsync(
            Plan(Condition("a", "touch /tmp/ran"), Condition("b", "true", needs: "missing")), container.Target(), Ct));

        Assert.Contains("missing", error.Message);
        var ran = await _runner.RunAsync(Plan(Condition("ran", "test -e /tmp/ran")), container.Target(), Ct);
        Assert.Equal(CheckVerdict.Failed, ran.Verdict);
    }
}
