using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Playground.Docker;

public sealed partial class DockerClient
{
    /// <summary>Live engine events for objects carrying the labels, until <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<DockerEvent> StreamEventsAsync(IReadOnlyDictionary<string, string?> labelFilter, CancellationToken ct = default) =>
        ReadEventsAsync(labelFilter, since: null, ct);

    /// <summary>Like the live stream, but first replays the events since <paramref name="since"/>, so none are missed between a query and the subscription.</summary>
    public IAsyncEnumerable<DockerEvent> StreamEventsAsync(IReadOnlyDictionary<string, string?> labelFilter, DateTimeOffset since, CancellationToken ct = default) =>
        ReadEventsAsync(labelFilter, since, ct);

    private async IAsyncEnumerable<DockerEvent> ReadEventsAsync(IReadOnlyDictionary<string, string?> labelFilter, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = new QueryString()
            .Add("since", since?.ToUnixTimeSeconds().ToString())
            .Add("filters", LabelFilter.ToFiltersJson(labelFilter));
        var path = await VersionedAsync($"/events{query}", ct).ConfigureAwait(false);
        using var response = await transport.SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        await DockerTransport.ThrowIfErrorAsync(response, ct).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(body);
        // The engine writes one JSON object per line and flushes each, inside a chunked response.
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var dockerEvent = JsonSerializer.Deserialize(line, DockerJsonContext.Default.DockerEvent);
            if (dockerEvent is not null)
                yield return dockerEvent;
        }
    }
}
