using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Storage;

/// <summary>
/// Durable workspace records: what lets a restarted server adopt the sandboxes it left running
/// and still tell a returning learner why their session ended.
/// </summary>
public interface IWorkspaceStore
{
    /// <summary>Creates the schema when missing.</summary>
    Task InitializeAsync(CancellationToken ct);
    /// <summary>Saves a workspace (insert or replace).</summary>
    Task SaveAsync(Workspace workspace, CancellationToken ct);
    /// <summary>The workspace <paramref name="id"/>, live or ended, or null.</summary>
    Task<Workspace?> FindAsync(string id, CancellationToken ct);
    /// <summary>Every live workspace (for recovery after a restart).</summary>
    Task<IReadOnlyList<Workspace>> LoadLiveAsync(CancellationToken ct);
}
