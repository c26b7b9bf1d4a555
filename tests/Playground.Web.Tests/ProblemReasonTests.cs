using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Web.Errors;

namespace Playground.Web.Tests;

/// <summary>
/// A 503 means "full", "not installed" or "failed to start"; the page chooses its advice by the answer's reason
/// (a sandbox that failed to start is not "all sandboxes are in use", and after a reset its old sandbox is gone).
/// </summary>
public sealed class ProblemReasonTests
{
    public static TheoryData<string, int, string> Cases => new()
    {
        { "capacity", 503, "capacity" },
        { "learner-limit", 429, "learner-limit" },
        { "start", 503, "start-failed" },
        { "unavailable", 503, "environment-unavailable" },
        { "backend", 503, "sandboxes-unavailable" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_sandbox_refusal_names_its_reason(string kind, int status, string reason)
    {
        Exception exception = kind switch
        {
            "capacity" => new CapacityExceededException("full", perLearner: false),
            "learner-limit" => new CapacityExceededException("limit is 1", perLearner: true),
            "start" => new SandboxStartException("the probe never passed"),
            "unavailable" => new EnvironmentUnavailableException("k8s", "no image", "build it"),
            _ => new SandboxBackendUnavailableException("the engine does not answer"),
        };

        var mapped = ProblemExceptionHandler.Map(exception);

        Assert.Equal(status, mapped.Status);
        Assert.Equal(reason, mapped.Reason);
    }
}
