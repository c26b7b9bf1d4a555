namespace Playground.Lessons;

/// <summary>Click: the learner presses Check. Watch: the page re-checks every few seconds while the step is open.</summary>
public enum CheckMode
{
    /// <summary>The learner presses Check.</summary>
    Click,
    /// <summary>Checks run by themselves while the learner works.</summary>
    Watch,
}
