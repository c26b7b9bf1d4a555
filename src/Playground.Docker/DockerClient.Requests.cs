using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Playground.Docker;

/// <summary>The request helpers every endpoint method is built from.</summary>
public sealed partial class DockerClient
{
    private async Task<string> VersionedAsync(string pathAndQuery, CancellationToken ct) =>
        $"/v{await NegotiateAsync(ct).ConfigureAwait(false)}{pathAndQuery}";

    /// <summary>Sends an ordinary call; an error status throws unless it is one of <paramref name="tolerated"/>.</summary>
    private Task<HttpStatusCode> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct, params HttpStatusCode[] tolerated) =>
        transport.BoundedAsync($"{method} {pathAndQuery}", async token =>
        {
            var path = await VersionedAsync(pathAndQuery, token).ConfigureAwait(false);
            using var response = await transport.SendAsync(method, path, content, token).ConfigureAwait(false);
            if (!tolerated.Contains(response.StatusCode))
                await DockerTransport.ThrowIfErrorAsync(response, token).ConfigureAwait(false);
            return response.StatusCode;
        }, ct);

    /// <summary>Sends an ordinary call and reads its JSON answer; a tolerated error status yields null.</summary>
    private Task<T?> SendForJsonAsync<T>(HttpMethod method, string pathAndQuery, HttpContent? content, JsonTypeInfo<T> type, CancellationToken ct, params HttpStatusCode[] tolerated) where T : class =>
        transport.BoundedAsync($"{method} {pathAndQuery}", async token =>
        {
            var path = await VersionedAsync(pathAndQuery, token).ConfigureAwait(false);
            using var response = await transport.SendAsync(method, path, content, token).ConfigureAwait(false);
            if (tolerated.Contains(response.StatusCode))
                return null;
            await DockerTransport.ThrowIfErrorAsync(response, token).ConfigureAwait(false);
            return await ReadJsonAsync(response, type, token).ConfigureAwait(false);
        }, ct);

    private async Task<T> GetJsonAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, CancellationToken ct) where T : class =>
        (await SendForJsonAsync(HttpMethod.Get, pathAndQuery, null, type, ct).ConfigureAwait(false))!;

    private async Task<TResponse> PostJsonAsync<TRequest, TResponse>(string pathAndQuery, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken ct) where TResponse : class =>
        (await SendForJsonAsync(HttpMethod.Post, pathAndQuery, JsonContent.Create(body, requestType), responseType, ct).ConfigureAwait(false))!;

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync(type, ct).ConfigureAwait(false)
        ?? throw new InvalidDataException($"The Docker engine answered {response.RequestMessage?.RequestUri?.AbsolutePath} with an empty body.");
}
