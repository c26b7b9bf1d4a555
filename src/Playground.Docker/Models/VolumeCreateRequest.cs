namespace Playground.Docker;

/// <summary>Body of POST /volumes/create. Name null lets the engine pick one.</summary>
public sealed record VolumeCreateRequest
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
