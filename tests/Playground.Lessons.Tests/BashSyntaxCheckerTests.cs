namespace Playground.Lessons.Tests;

/// <summary>The one-process syntax check must agree with <c>bash -n</c> and must never run anything.</summary>
public class BashSyntaxCheckerTests
{
    private static LessonScript Script(string text, int line = 10) => new(text, "f.md", line);

    [Fact]
    public async Task Nothing_in_a_checked_script_runs()
    {
        var marker = Path.Combine(Path.GetTempPath(), "pg-never-" + Guid.NewGuid().ToString("N"));
        var scripts = new[]
        {
            Script($"touch {marker}-1"),
            Script($"echo $(touch {marker}-2) `touch {marker}-3`"),
            Script($"set +n\ntouch {marker}-4"),
            Script($"x=1 && \\\ntouch {marker}-5"),
            Script($"cat <<EOF\n$(touch {marker}-6)\nEOF"),
            Script($"eval 'touch {marker}-7'; exec touch {marker}-8"),
        };
        var diagnostics = await new BashSyntaxChecker().CheckAllAsync(scripts, TestContext.Current.CancellationToken);
        Assert.Empty(diagnostics);
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), Path.GetFileName(marker) + "*"));
    }

    [Fact]
    public async Task Batch_reports_the_same_errors_as_one_bash_n_per_script()
    {
        var scripts = new[]
        {
            Script("if true; then\n  echo x\n", 10),
            Script("echo ok", 20),
            Script("echo \"unclosed\necho more", 30),
            Script("for x in a b; do\n  echo $x\ndone\nfi", 40),
            Script("case $1 in\n  a) echo a ;;\n", 50),
            Script("echo fine\necho fine2", 60),
        };
        var checker = new BashSyntaxChecker();
        var ct = TestContext.Current.CancellationToken;
        var batch = await checker.CheckAllAsync(scripts, ct);
        var single = new List<Diagnostic>();
        foreach (var script in scripts) single.AddRange(await checker.CheckAsync(script, ct));
        Assert.Equal(single.Select(d => d.ToString()), batch.Select(d => d.ToString()));
        Assert.Equal([10, 30, 40, 50], batch.Select(d => d.Line / 10 * 10).Distinct().Order());
    }
}
