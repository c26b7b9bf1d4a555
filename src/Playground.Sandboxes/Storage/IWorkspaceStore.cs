using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Storage;

/// <summary>
/// Durable workspace records: what lets a restarted server adopt the sandboxes it left running
/// and still tell a returning learner why their session ended.
/// </summary>
public interface IWorkspaceStore
{
    Task InitializeAsync(CancellationToken ct);
    Task SaveAsync(Workspace workspace, CancellationToken ct);
    Task<Workspace?> FindAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<Workspace>> LoadLiveAsync(CancellationToken ct);
}
