namespace Playground.Docker;

/// <summary>The engine's error body: {"message": "..."}.</summary>
internal sealed record ErrorResponse
{
    public string? Message { get; init; }
}
