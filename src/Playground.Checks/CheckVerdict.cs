namespace Playground.Checks;

public enum CheckVerdict { Passed, Failed, Error }
