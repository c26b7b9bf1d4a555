using System.Net;
using Playground.Sandboxes.Workspaces;

namespace Playground.Web.Previews;

/// <summary>
/// The HTTP client side of web previews: one <see cref="HttpMessageInvoker"/> whose connections are not sockets
/// but <see cref="WorkspaceManager.OpenPortStreamAsync"/> streams into the sandbox, so YARP's HTTP/1.1 keep-alive,
/// streaming and WebSocket upgrades run unchanged over a sandbox that has no network. Each target (workspace and
/// port) gets its own destination host name, which is what SocketsHttpHandler pools connections by: a pooled
/// connection is never reused for another workspace or port.
/// </summary>
internal sealed class PreviewConnections : IDisposable
{
    private static readonly HttpRequestOptionsKey<PreviewTarget> TargetKey = new("Playground.PreviewTarget");

    public PreviewConnections(WorkspaceManager workspaces)
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // Every pooled connection holds a forwarder process in the sandbox: let idle ones go soon.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, ct) =>
            {
                if (!context.InitialRequestMessage.Options.TryGetValue(TargetKey, out var target))
                    throw new InvalidOperationException("a preview request without its target");
                return new Http10CloseStream(await workspaces.OpenPortStreamAsync(target.WorkspaceId, target.Port, ct));
            },
        }, disposeHandler: true);
    }

    /// <summary>The client YARP forwards through.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>The destination prefix for <paramref name="target"/>: a name only this target uses (never resolved).</summary>
    public static string DestinationPrefix(PreviewTarget target) => $"http://{target.WorkspaceId}-{target.Port}.preview.invalid/";

    /// <summary>Tags the outgoing request with its target, which the connect callback reads.</summary>
    public static void Tag(HttpRequestMessage request, PreviewTarget target) => request.Options.Set(TargetKey, target);

    public void Dispose() => Invoker.Dispose();
}

/// <summary>A port (1-65535) in a workspace's sandbox: what one preview shows.</summary>
internal sealed record PreviewTarget(string WorkspaceId, int Port);
