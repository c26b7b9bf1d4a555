using System.Text.RegularExpressions;

namespace Playground.Lessons.Tests;

/// <summary>
/// Corpus/broken/&lt;case&gt;/ holds one lessons root per validator rule and an expected.txt with the
/// diagnostics it must produce ("error t/l/lesson.md:6: fragment"). Every error reported must be expected,
/// and no broken case may keep the catalog from loading the healthy lessons beside it.
/// </summary>
public partial class BrokenCorpusTests
{
    private static readonly IReadOnlySet<string> Environments = new HashSet<string> { "shell", "docker" };

    public static TheoryData<string> Cases() =>
        new(Directory.EnumerateDirectories(TestPaths.BrokenCorpus).Select(Path.GetFileName).OfType<string>().Order());

    private sealed record Expectation(DiagnosticSeverity Severity, string File, int Line, int? Column, string Fragment)
    {
        public bool Matches(Diagnostic d, string root) =>
            d.Severity == Severity
            && Path.GetRelativePath(root, d.File).Replace('\\', '/') == File
            && d.Line == Line
            && (Column is null || d.Column == Column)
            && d.Message.Contains(Fragment, StringComparison.Ordinal);

        public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {File}:{Line}{(Column is null ? "" : $":{Column}")}: {Fragment}";
    }

    private static List<Expectation> Expected(string caseDirectory) =>
        File.ReadAllLines(Path.Combine(caseDirectory, "expected.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => ExpectedLine().Match(l))
            .Select(m => new Expectation(
                m.Groups[1].Value == "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                m.Groups[2].Value, int.Parse(m.Groups[3].Value), m.Groups[4].Success ? int.Parse(m.Groups[4].Value) : null, m.Groups[5].Value))
            .ToList();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validator_reports_the_rule_with_its_line(string name)
    {
        var caseDirectory = Path.Combine(TestPaths.BrokenCorpus, name);
        var expected = Expected(caseDirectory);
        Assert.NotEmpty(expected);

        var report = await new LessonValidator().ValidateAsync(caseDirectory, Environments, TestContext.Current.CancellationToken);

        var all = string.Join("\n", report.Diagnostics.Select(d => d.ToString().Replace(caseDirectory + "/", "")));
        foreach (var expectation in expected)
            Assert.True(report.Diagnostics.Any(d => expectation.Matches(d, caseDirectory)), $"expected: {expectation}\nreported:\n{all}");
        foreach (var error in report.Errors)
            Assert.True(expected.Any(e => e.Matches(error, caseDirectory)), $"unexpected: {error}\nreported:\n{all}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Catalog_loads_the_good_lessons_next_to_a_broken_case(string name)
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        temp.CopyFrom(Path.Combine(TestPaths.BrokenCorpus, name));

        var catalog = new LessonCatalog(temp.Root);

        var good = catalog.Find("good-track", "ok-lesson");
        Assert.NotNull(good);
        Assert.Equal(2, good.Steps.Count);
        Assert.DoesNotContain(catalog.Problems, p => p.IsError && p.File.Contains("good-track"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_catalog_problem_is_also_reported_by_the_validator(string name)
    {
        var caseDirectory = Path.Combine(TestPaths.BrokenCorpus, name);
        var catalog = new LessonCatalog(caseDirectory);
        var report = await new LessonValidator().ValidateAsync(caseDirectory, Environments, TestContext.Current.CancellationToken);
        foreach (var problem in catalog.Problems)
            Assert.Contains(problem, report.Diagnostics);
        // A lesson with errors in its English files is not offered; a broken translation only drops that translation.
        var lessonDirectory = Path.Combine(caseDirectory, "t", "l") + Path.DirectorySeparatorChar;
        var englishErrors = catalog.Problems.Any(p => p.IsError && p.File.StartsWith(lessonDirectory, StringComparison.Ordinal)
                                                      && !Regex.IsMatch(Path.GetFileName(p.File), @"\.[a-z]{2}\.md$"));
        if (englishErrors) Assert.Null(catalog.Find("t", "l"));
    }

    [GeneratedRegex(@"^(error|warning) (\S+?):(\d+)(?::(\d+))?: (.*)$")]
    private static partial Regex ExpectedLine();
}
