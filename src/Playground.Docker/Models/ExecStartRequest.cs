namespace Playground.Docker;

internal sealed record ExecStartRequest
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
}
