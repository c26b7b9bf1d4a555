using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;

namespace Playground.Checks;

/// <summary>
/// Runs check scripts inside a learner's workspace as the environment's user, never on the host.
/// The timeout is enforced inside the sandbox (<see cref="SandboxExecRequest.Script"/>).
/// </summary>
public sealed class WorkspaceScriptTarget(WorkspaceManager workspaces, string workspaceId, string? user = null) : IScriptTarget
{
    /// <inheritdoc />
    public async Task<ScriptResult> RunScriptAsync(ScriptRequest request, CancellationToken ct)
    {
        try
        {
            var result = await workspaces.ExecAsync(workspaceId, SandboxExecRequest.Script(request.Script, request.Timeout, request.OutputLimitBytes, user), ct);
            // 137 = killed by SIGKILL: the timeout fired, the OOM killer struck, or the whole sandbox was
            // removed under the check. The engine may still call a removed container running for a moment.
            if (result.ExitCode == 137 && await SandboxGoneAsync(ct))
                throw new EnvironmentUnavailableException("the sandbox stopped during the check");
            return new ScriptResult((int)result.ExitCode, result.Stdout, result.Stderr, result.Truncated, result.ExitCode == 137);
        }
        catch (WorkspaceNotFoundException e)
        {
            throw new EnvironmentUnavailableException("the workspace has ended", e);
        }
        catch (SandboxGoneException e)
        {
            throw new EnvironmentUnavailableException("the sandbox is gone", e);
        }
        catch (SandboxNotRunningException e)
        {
            throw new EnvironmentUnavailableException("the sandbox is not running", e);
        }
    }

    private async Task<bool> SandboxGoneAsync(CancellationToken ct)
    {
        for (var i = 0; i < 10; i++)
        {
            if (!await workspaces.IsRunningAsync(workspaceId, ct)) return true;
            await Task.Delay(100, ct);
        }
        return false;
    }
}
