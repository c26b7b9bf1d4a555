using Playground.Docker;

namespace Playground.Sandboxes.Engine;

internal sealed class DockerShellProcess(DockerClient docker, string execId, ExecStream stream) : IShellProcess
{
    public string ExecId { get; } = execId;
    public Stream Stream => stream.Stream;

    public Task ResizeAsync(int columns, int rows, CancellationToken ct) => docker.ResizeExecAsync(ExecId, rows, columns, ct);

    public async Task<long?> GetExitCodeAsync(CancellationToken ct)
    {
        var info = await docker.InspectExecAsync(ExecId, ct);
        return info.Running ? null : info.ExitCode;
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
