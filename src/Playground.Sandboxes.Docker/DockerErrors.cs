using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Playground.Sandboxes.Backends;

namespace Playground.Sandboxes.Docker;

/// <summary>
/// The one place Docker errors become sandbox errors. Every engine call of the backend goes
/// through <see cref="Call{T}"/>, so no Docker exception type leaves this folder.
/// </summary>
internal static class DockerErrors
{
    public static async Task<T> Call<T>(string sandboxId, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Translate(sandboxId, e) is { } translated)
        {
            throw translated;
        }
    }

    public static Task Call(string sandboxId, Func<Task> call) => Call<bool>(sandboxId, async () => { await call(); return true; });

    /// <summary>The neutral exception for a Docker or transport error; null for anything else (cancellation included).</summary>
    public static SandboxException? Translate(string sandboxId, Exception e) => e switch
    {
        SandboxException => null,
        OperationCanceledException => null,
        DockerContainerNotFoundException x => new SandboxGoneException(sandboxId, x),
        // 409: "container ... is not running" / "is paused" / "removal in progress".
        DockerApiException { StatusCode: HttpStatusCode.Conflict } x => new SandboxNotRunningException(sandboxId, x),
        DockerApiException x => new SandboxBackendException($"the Docker engine refused: {Message(x)}", x),
        HttpRequestException or SocketException or IOException or TimeoutException =>
            new SandboxBackendUnavailableException($"the Docker engine is not reachable: {e.Message}", e),
        _ => null,
    };

    /// <summary>The engine's own message ({"message": "..."}), else the status.</summary>
    public static string Message(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text) return text;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return body.Length > 0 ? body : e.StatusCode.ToString();
    }
}
