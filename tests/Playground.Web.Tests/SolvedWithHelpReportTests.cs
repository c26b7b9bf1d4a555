using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>"Solved with help" reaches the instructor: the dashboard cell and the CSV export.</summary>
public sealed class SolvedWithHelpReportTests(CohortServer fixture) : IClassFixture<CohortServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_step_solved_with_help_is_marked_on_the_dashboard_and_in_the_csv()
    {
        var server = fixture.Server;
        var cohort = await fixture.Store.CreateCohortAsync();
        using var learner = server.NewLearner();
        (await learner.JoinAsync(cohort.JoinCode, "Helped")).Ok();
        var progress = server.Get<Playground.Progress.IProgressStore>();
        var lesson = $"{Api.Track}/{Api.Lesson}";
        await progress.RecordSolvedWithHelpAsync(learner.LearnerId!, lesson, 1, Ct);
        await progress.RecordCheckAsync(learner.LearnerId!, lesson, 1, passed: true, Ct);
        await progress.RecordCheckAsync(learner.LearnerId!, lesson, 2, passed: true, Ct);
        using var instructor = await server.SignInInstructorAsync();

        var grid = (await instructor.Client.GetAsync($"/api/instructor/cohorts/{cohort.Id}/dashboard")).Ok();
        var cells = grid["students"]!.AsArray().Single()!["cells"]![lesson]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
        Assert.Equal("passed helped", cells[0]);
        Assert.Equal("passed", cells[1]);

        var csv = (await instructor.Client.Http.GetStringAsync($"/api/instructor/cohorts/{cohort.Id}/progress.csv", Ct)).Split("\r\n");
        Assert.EndsWith(",solution_viewed_at,solved_with_help_at", csv[0].TrimStart('\uFEFF'));
        var step1 = csv.Single(l => l.Contains($",{lesson},1,", StringComparison.Ordinal));
        var step2 = csv.Single(l => l.Contains($",{lesson},2,", StringComparison.Ordinal));
        Assert.Matches(",20[0-9]{2}-[0-9]{2}-[0-9]{2}T[^,]+$", step1);
        Assert.EndsWith(",", step2);
    }
}
