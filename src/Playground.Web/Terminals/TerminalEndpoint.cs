using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Workspaces;
using Playground.Terminals;
using Playground.Terminals.Protocol;
using Playground.Terminals.Sessions;
using Playground.Web.Hosting;
using Playground.Web.Learners;
using Playground.Web.Security;

namespace Playground.Web.Terminals;

/// <summary>
/// GET /ws/workspaces/{id}/terminals/{n}?token=: upgrades to the terminal protocol (see
/// src/Playground.Terminals/PROTOCOL.md) after checking origin, learner, ownership and token.
/// </summary>
internal static class TerminalEndpoint
{
    public static IEndpointConventionBuilder MapTerminals(this IEndpointRouteBuilder app) =>
        app.Map("/ws/workspaces/{id}/terminals/{index:int}", Handle);

    private static async Task Handle(
        string id, int index, string? token, int? cols, int? rows, HttpContext http,
        WorkspaceManager workspaces, LessonCatalogService lessons, TerminalSessions sessions,
        PlaygroundOrigins origins, IOptions<TerminalOptions> terminalOptions,
        ILoggerFactory loggers, TimeProvider time)
    {
        var logger = loggers.CreateLogger("Playground.Terminals.Endpoint");
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("this endpoint speaks WebSocket only");
            return;
        }
        // Cross-site WebSocket hijacking: refuse foreign origins before accepting, so a hostile
        // page learns nothing about which workspaces exist. The Origin must be one of the server's
        // configured origins, never merely equal to the request's own Host (DNS rebinding).
        if (!origins.IsAllowedOrigin(http.Request.Headers.Origin.ToString()))
        {
            logger.LogWarning("Terminal upgrade refused: origin {Origin} is not allowed", http.Request.Headers.Origin.ToString());
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var learner = http.RequestServices.GetRequiredService<CurrentLearner>().IdOrNull;
        if (learner is null)
        {
            await CloseAsync(socket, CloseCodes.Unauthenticated, "no learner session: reload the page");
            return;
        }
        var workspace = await workspaces.GetAsync(id, http.RequestAborted);
        if (workspace is null)
        {
            await CloseAsync(socket, CloseCodes.NotFound, "no such workspace");
            return;
        }
        if (workspace.LearnerId != learner)
        {
            logger.LogWarning("Learner {LearnerId} tried to attach to workspace {WorkspaceId} of another learner", learner, id);
            await CloseAsync(socket, CloseCodes.Forbidden, "this workspace belongs to another learner");
            return;
        }
        if (!string.Equals(token, workspace.Token, StringComparison.Ordinal))
        {
            await CloseAsync(socket, CloseCodes.Unauthenticated, "bad workspace token");
            return;
        }
        if (!workspace.IsLive)
        {
            await CloseAsync(socket, CloseCodes.Ended, workspace.EndReason?.Code() ?? "ended");
            return;
        }
        if (index < 1 || index > lessons.TerminalsOf(workspace.LessonKey).Count)
        {
            await CloseAsync(socket, CloseCodes.NotFound, $"no terminal {index}");
            return;
        }

        var options = terminalOptions.Value;
        TerminalSession session;
        try
        {
            session = await sessions.GetOrStartAsync(workspace, index,
                Clamp(cols, options.DefaultColumns), Clamp(rows, options.DefaultRows), http.RequestAborted);
        }
        catch (Exception e) when (e is WorkspaceNotFoundException or Playground.Sandboxes.Backends.SandboxException)
        {
            logger.LogWarning("Terminal {WorkspaceId}/{Index} could not start a shell: {Message}", id, index, e.Message);
            await CloseAsync(socket, CloseCodes.Ended, "the sandbox is gone");
            return;
        }
        var connection = new TerminalConnection(socket, session, workspaces, logger, time, http.RequestServices.GetRequiredService<TerminalMetrics>());
        await connection.RunAsync(http.RequestAborted);
    }

    private static int Clamp(int? value, int fallback) => value is >= 1 and <= ClientFrame.MaxDimension ? value.Value : fallback;

    private static async Task CloseAsync(WebSocket socket, int code, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }
}
