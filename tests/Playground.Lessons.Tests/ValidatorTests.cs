namespace Playground.Lessons.Tests;

public class ValidatorTests
{
    private static readonly IReadOnlySet<string> Environments = new HashSet<string> { "shell" };

    [Fact]
    public async Task Validates_a_lesson_folder_a_track_folder_a_file_and_the_root()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        var validator = new LessonValidator();
        var token = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "good-track/ok-lesson", "good-track", "good-track/ok-lesson/01-make-file.md", "" })
        {
            var report = await validator.ValidateAsync(temp.PathOf(path), Environments, token);
            Assert.False(report.HasErrors, string.Join("\n", report.Diagnostics));
            Assert.Equal(1, report.LessonCount);
            // The good corpus leaves its quiz step untranslated on purpose.
            var warning = Assert.Single(report.Warnings);
            Assert.Contains("02-quiz.md has no Korean translation", warning.Message);
        }
    }

    [Fact]
    public async Task Missing_path_is_an_error()
    {
        var report = await new LessonValidator().ValidateAsync("/no/such/lessons", Environments, TestContext.Current.CancellationToken);
        Assert.Equal("/no/such/lessons:1: error: no such folder", Assert.Single(report.Diagnostics).ToString());
    }

    [Fact]
    public async Task Null_environments_skip_the_environment_check()
    {
        using var temp = new TempLessons();
        temp.WriteLesson("title: One\n", "Body\n", environment: "exotic");
        var validator = new LessonValidator();
        var token = TestContext.Current.CancellationToken;
        Assert.False((await validator.ValidateAsync(temp.Root, null, token)).HasErrors);
        Assert.True((await validator.ValidateAsync(temp.Root, Environments, token)).HasErrors);
    }

    [Fact]
    public async Task Diagnostics_print_like_a_compiler_and_are_sorted()
    {
        using var temp = new TempLessons();
        var step = temp.WriteLesson("title: One\nzeta: 1\nalpha: 2\n", "Body\n");
        var report = await new LessonValidator().ValidateAsync(temp.Root, Environments, TestContext.Current.CancellationToken);
        Assert.Equal(
            [$"{step}:3: error: unknown key 'zeta' in a step (allowed: title, setup, mode, timeout, expect_initial_fail, checks, hints, solve, solution, quiz_attempts, quiz_required, solvable, cleanup)",
             $"{step}:4: error: unknown key 'alpha' in a step (allowed: title, setup, mode, timeout, expect_initial_fail, checks, hints, solve, solution, quiz_attempts, quiz_required, solvable, cleanup)"],
            report.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task Warnings_for_unsafe_links_images_outside_assets_and_unknown_flags()
    {
        using var temp = new TempLessons();
        var step = temp.WriteLesson("title: One\n", "[x](javascript:alert(1))\n\n![y](pic.png)\n\n```bash runn\nls\n```\n");
        var report = await new LessonValidator().ValidateAsync(temp.Root, Environments, TestContext.Current.CancellationToken);
        Assert.False(report.HasErrors);
        var warnings = report.Warnings.ToList();
        Assert.Equal([4, 6, 8], warnings.Select(w => w.Line));
        Assert.All(warnings, w => Assert.Equal(step, w.File));
        Assert.StartsWith("the link 'javascript:alert(1)' is not allowed", warnings[0].Message);
        Assert.StartsWith("the image 'pic.png' is not in assets/", warnings[1].Message);
        Assert.StartsWith("unknown code block flag 'runn'", warnings[2].Message);
    }

    [Fact]
    public async Task Quiz_outside_a_step_is_a_warning()
    {
        using var temp = new TempLessons();
        temp.WriteLesson("title: One\n", "Body\n");
        temp.Write("t/l/finish.md", "Done\n\n```quiz\n- question: Q?\n  answer: a\n```\n");
        var report = await new LessonValidator().ValidateAsync(temp.Root, Environments, TestContext.Current.CancellationToken);
        var warning = Assert.Single(report.Diagnostics);
        Assert.Equal(3, warning.Line);
        Assert.Contains("a quiz works only in a step", warning.Message);
    }
}
