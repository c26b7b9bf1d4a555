namespace Playground.Checks;

public enum ConditionStatus { Passed, Failed, TimedOut, Error, Skipped }
