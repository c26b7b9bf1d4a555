namespace Playground.Docker;

/// <summary>Body of POST /networks/create.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }
    /// <summary>Default "bridge".</summary>
    public string? Driver { get; init; }
    /// <summary>True: no route to the outside world.</summary>
    public bool? Internal { get; init; }
    public bool? Attachable { get; init; }
    public bool? EnableIPv6 { get; init; }
    /// <summary>Refuse a second network with the same name (API &lt; 1.44 only; later engines always do).</summary>
    public bool? CheckDuplicate { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
