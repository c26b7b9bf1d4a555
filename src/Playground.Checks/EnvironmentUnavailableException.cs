namespace Playground.Checks;

/// <summary>The learner's environment is gone (removed, crashed, expired), so nothing can run in it.</summary>
public sealed class EnvironmentUnavailableException : Exception
{
    /// <summary>The environment is gone or not running; <paramref name="message"/> says which.</summary>
    public EnvironmentUnavailableException(string message) : base(message) { }
    /// <summary>The environment is gone or not running; <paramref name="innerException"/> is the backend's error.</summary>
    public EnvironmentUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
