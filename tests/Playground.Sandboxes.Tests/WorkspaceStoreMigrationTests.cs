using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Storage;
using Playground.Sandboxes.Workspaces;

namespace Playground.Sandboxes.Tests;

/// <summary>The workspace table is versioned like every other table: older files are taken over without losing a row.</summary>
public sealed class WorkspaceStoreMigrationTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-ws-store-").FullName;
    private string ConnectionString => $"Data Source={Path.Combine(_dir, "playground.db")};Pooling=False";

    private SqliteWorkspaceStore Store() => new(Options.Create(new SandboxOptions { ConnectionString = ConnectionString }));

    [Fact]
    public async Task A_database_from_before_versioning_keeps_its_live_workspace_and_gains_the_new_columns()
    {
        // The table exactly as wave 1 created it (CREATE TABLE IF NOT EXISTS, no version), with a live workspace.
        await using (var db = new SqliteConnection(ConnectionString))
        {
            await db.OpenAsync(Ct);
            await using var cmd = db.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE workspaces (id TEXT PRIMARY KEY, learner_id TEXT NOT NULL, lesson_key TEXT NOT NULL,
                    environment TEXT NOT NULL, token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
                    last_activity TEXT NOT NULL, extended INTEGER NOT NULL, state TEXT NOT NULL, end_reason TEXT,
                    ended_at TEXT, sandboxes TEXT NOT NULL);
                INSERT INTO workspaces VALUES ('ws-old', 'learner-1', 'docker/images', 'docker', 'tok',
                    '2026-11-01T10:00:00.0000000+00:00', '2026-11-01T12:00:00.0000000+00:00',
                    '2026-11-01T10:05:00.0000000+00:00', 0, 'Ready', NULL, NULL, '[]');
                """;
            await cmd.ExecuteNonQueryAsync(Ct);
        }

        await Store().InitializeAsync(Ct);
        await Store().InitializeAsync(Ct); // every start runs it; the second finds nothing to do

        var old = await Store().FindAsync("ws-old", Ct);
        Assert.NotNull(old);
        Assert.Equal(("learner-1", "docker/images", WorkspaceState.Ready), (old.LearnerId, old.LessonKey, old.State));
        Assert.Null(old.IdleTimeout);
        Assert.Null(old.AdmissionGroup);

        await using var check = new SqliteConnection(ConnectionString);
        await check.OpenAsync(Ct);
        await using var versions = check.CreateCommand();
        versions.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM workspace_migrations ORDER BY version)";
        Assert.Equal("1,2", await versions.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_new_database_stores_a_workspace_with_its_own_clock()
    {
        var store = Store();
        await store.InitializeAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync(new Workspace
        {
            Id = "ws-new", LearnerId = "learner-2", LessonKey = "t/l", Environment = "shell", Token = "t",
            CreatedAt = now, ExpiresAt = now.AddHours(2), LastActivity = now, State = WorkspaceState.Ready,
            Sandboxes = [], IdleTimeout = TimeSpan.FromMinutes(45), AdmissionGroup = "cohort:c1",
        }, Ct);
        var back = await store.FindAsync("ws-new", Ct);
        Assert.Equal((TimeSpan?)TimeSpan.FromMinutes(45), back?.IdleTimeout);
        Assert.Equal("cohort:c1", back?.AdmissionGroup);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
