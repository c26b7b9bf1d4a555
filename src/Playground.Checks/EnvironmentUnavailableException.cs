namespace Playground.Checks;

/// <summary>The learner's environment is gone (removed, crashed, expired), so nothing can run in it.</summary>
public sealed class EnvironmentUnavailableException : Exception
{
    public EnvironmentUnavailableException(string message) : base(message) { }
    public EnvironmentUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
