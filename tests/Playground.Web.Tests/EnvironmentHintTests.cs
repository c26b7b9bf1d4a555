using Playground.Testing.Web;
using Playground.Web.Tests.Infrastructure;

namespace Playground.Web.Tests;

/// <summary>
/// Issue 13 item 11: an unavailable environment's install steps (docker pull, build.sh) are for the operator. The
/// lesson API sends them only in author mode; students get the reason and the page tells them to ask their instructor.
/// </summary>
public sealed class EnvironmentHintTests(CurriculumServer fixture)
    : IClassFixture<CurriculumServer>
{
    private const string K8sTrack = "kubernetes";
    private const string K8sLesson = "pods";

    [Fact]
    public async Task Students_get_the_reason_but_not_the_operator_instructions()
    {
        using var learner = fixture.Server.NewLearner();
        var environment = (await learner.LessonAsync(K8sTrack, K8sLesson)).Ok()["environment"]!;
        if (environment["available"]!.GetValue<bool>()) Assert.Skip("the k8s environment is available on this machine");

        Assert.False(string.IsNullOrEmpty(environment["reason"]?.GetValue<string>()), "no reason is given");
        Assert.Null(environment["installHint"]);
    }

    [Fact]
    public async Task Author_mode_gets_the_operator_instructions()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PlaygroundServer.StartAsync(new Dictionary<string, string> { ["Playground:AuthorMode"] = "true" }, ct);
        using var learner = server.NewLearner();
        var environment = (await learner.LessonAsync(K8sTrack, K8sLesson)).Ok()["environment"]!;
        if (environment["available"]!.GetValue<bool>()) Assert.Skip("the k8s environment is available on this machine");

        Assert.Contains("build.sh k8s", environment["installHint"]!.GetValue<string>());
    }
}
