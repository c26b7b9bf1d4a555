namespace Playground.Checks.Tests;

public class CheckPlanTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_well_formed_plan_validates()
    {
        new CheckPlan([new("a", "true", null, null), new("b", "true", "fail", "a")], Ten).Validate();
    }

    [Theory]
    [MemberData(nameof(BadPlans))]
    public void A_malformed_plan_is_refused_with_the_reason(CheckPlan plan, string reason)
    {
        var error = Assert.Throws<ArgumentException>(plan.Validate);
        Assert.Contains(reason, error.Message);
    }

    public static TheoryData<CheckPlan, string> BadPlans() => new()
    {
        { new CheckPlan([], Ten), "at least one condition" },
        { new CheckPlan([new("a", "true", null, null)], TimeSpan.Zero), "timeout" },
        { new CheckPlan([new("a", "true", null, null)], TimeSpan.FromHours(1)), "timeout" },
        { new CheckPlan([new(" ", "true", null, null)], Ten), "no id" },
        { new CheckPlan([new("a", "  ", null, null)], Ten), "no script" },
        { new CheckPlan([new("a", "true", null, null), new("a", "true", null, null)], Ten), "Two conditions" },
        { new CheckPlan([new("a", "true", null, "b"), new("b", "true", null, null)], Ten), "not an earlier condition" },
        { new CheckPlan([new("a", "true", null, "a")], Ten), "not an earlier condition" },
    };
}
