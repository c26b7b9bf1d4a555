namespace Playground.Docker;

internal sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }
    public ContainerWaitError? Error { get; init; }
}

internal sealed record ContainerWaitError
{
    public string? Message { get; init; }
}
