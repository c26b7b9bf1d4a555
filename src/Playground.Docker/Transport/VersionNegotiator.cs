namespace Playground.Docker;

/// <summary>Picks the API version once per client and caches it; a failed attempt is not cached so a later call can retry.</summary>
internal sealed class VersionNegotiator
{
    public static readonly Version OurMaximum = new(1, 45);

    private readonly SemaphoreSlim gate = new(1, 1);
    private string? negotiated;

    public async Task<string> GetAsync(Func<CancellationToken, Task<(string ServerApi, string? ServerMin)>> probe, CancellationToken ct)
    {
        if (negotiated is { } cached)
            return cached;
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (negotiated is null)
            {
                var (serverApi, serverMin) = await probe(ct).ConfigureAwait(false);
                negotiated = Choose(serverApi, serverMin, OurMaximum);
            }
            return negotiated;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>min(server, ours), but never below the server's minimum.</summary>
    public static string Choose(string serverApi, string? serverMin, Version ourMaximum)
    {
        var server = Parse(serverApi) ?? throw new InvalidDataException($"The Docker engine reported an unreadable API version '{serverApi}'.");
        var chosen = server < ourMaximum ? server : ourMaximum;
        if (Parse(serverMin) is { } minimum && chosen < minimum)
            chosen = minimum;
        return $"{chosen.Major}.{chosen.Minor}";
    }

    private static Version? Parse(string? value) =>
        Version.TryParse(value, out var version) ? new Version(version.Major, Math.Max(version.Minor, 0)) : null;
}
