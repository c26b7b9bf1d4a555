using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Playground.Docker;

/// <summary>
/// Playground's own Docker Engine API client: HTTP/1.1 over the engine's unix socket (or TCP), with the API version
/// negotiated once, typed exceptions carrying the engine's messages, and hijacked connections for exec.
/// </summary>
public sealed partial class DockerClient : IDisposable
{
    private readonly DockerTransport transport;
    private readonly VersionNegotiator negotiator = new();
    private readonly ILogger<DockerClient> logger;

    public DockerClient(DockerClientOptions options, ILogger<DockerClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        this.logger = logger ?? NullLogger<DockerClient>.Instance;
        transport = new DockerTransport(DockerEndpoint.Parse(options.Host), options.RequestTimeout);
    }

    public DockerClientOptions Options { get; }

    /// <summary>Socket path or host:port, for messages.</summary>
    public string EndpointDisplayName => transport.Endpoint.DisplayName;

    /// <summary>The API version used for every request ("1.41"); asks the engine on first use only.</summary>
    public Task<string> NegotiateAsync(CancellationToken ct = default) => negotiator.GetAsync(ProbeVersionsAsync, ct);

    public Task PingAsync(CancellationToken ct = default) =>
        transport.BoundedAsync("GET /_ping", async token =>
        {
            using var response = await transport.SendAsync(HttpMethod.Get, "/_ping", null, token).ConfigureAwait(false);
            await DockerTransport.ThrowIfErrorAsync(response, token).ConfigureAwait(false);
            return true;
        }, ct);

    public Task<DockerVersion> GetVersionAsync(CancellationToken ct = default) =>
        transport.BoundedAsync("GET /version", token => GetUnversionedJsonAsync("/version", DockerJsonContext.Default.DockerVersion, token), ct);

    private async Task<(string ServerApi, string? ServerMin)> ProbeVersionsAsync(CancellationToken ct)
    {
        var pingedApi = await transport.BoundedAsync("GET /_ping", async token =>
        {
            using var response = await transport.SendAsync(HttpMethod.Get, "/_ping", null, token).ConfigureAwait(false);
            await DockerTransport.ThrowIfErrorAsync(response, token).ConfigureAwait(false);
            return response.Headers.TryGetValues("API-Version", out var values) ? values.FirstOrDefault() : null;
        }, ct).ConfigureAwait(false);
        var version = await GetVersionAsync(ct).ConfigureAwait(false);
        var serverApi = string.IsNullOrEmpty(version.ApiVersion) ? pingedApi : version.ApiVersion;
        if (string.IsNullOrEmpty(serverApi))
            throw new InvalidDataException($"The Docker engine at {EndpointDisplayName} reported no API version.");
        var chosen = VersionNegotiator.Choose(serverApi, version.MinAPIVersion, VersionNegotiator.OurMaximum);
        logger.LogInformation("Docker Engine {EngineVersion} at {DockerHost}: using API {ApiVersion} (engine supports {ServerApiVersion}, minimum {MinApiVersion})",
            version.Version, EndpointDisplayName, chosen, serverApi, version.MinAPIVersion);
        return (serverApi, version.MinAPIVersion);
    }

    private async Task<T> GetUnversionedJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await transport.SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        await DockerTransport.ThrowIfErrorAsync(response, ct).ConfigureAwait(false);
        return await ReadJsonAsync(response, type, ct).ConfigureAwait(false);
    }

    public void Dispose() => transport.Dispose();
}
