namespace Playground.Docker;

/// <summary>Outcome of <see cref="DockerClient.RunAsync"/>; the texts hold at most the requested byte limit each.</summary>
public sealed record ExecResult(long ExitCode, string Stdout, string Stderr, bool StdoutTruncated, bool StderrTruncated);
