namespace Playground.Progress.Tests;

/// <summary>A clock the test moves by hand, so time-dependent rules are checked without sleeping.</summary>
public sealed class SettableTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}
