namespace Playground.Docker;

internal sealed record NetworkConnectRequest
{
    public required string Container { get; init; }
}
