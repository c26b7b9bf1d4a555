using Playground.Storage;

namespace Playground.Sandboxes.Storage;

/// <summary>
/// The workspace schema as numbered migrations, recorded in <see cref="Table"/> (its own bookkeeping table, so its
/// numbers never collide with the progress or cohort schemas in the same file). Append; never edit one that ran.
/// </summary>
internal static class WorkspaceMigrations
{
    /// <summary>The bookkeeping table of this schema.</summary>
    public const string Table = "workspace_migrations";

    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        // IF NOT EXISTS on purpose: databases written before the schema was versioned already hold this table
        // (with their live workspaces, which recovery adopts); version 1 takes them over unchanged.
        new(1, "workspaces", """
            CREATE TABLE IF NOT EXISTS workspaces (
                id TEXT PRIMARY KEY,
                learner_id TEXT NOT NULL,
                lesson_key TEXT NOT NULL,
                environment TEXT NOT NULL,
                token TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                last_activity TEXT NOT NULL,
                extended INTEGER NOT NULL,
                state TEXT NOT NULL,
                end_reason TEXT,
                ended_at TEXT,
                sandboxes TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS workspaces_live ON workspaces(state);
            """),
        // A workspace's own clock and admission group (cohort clocks, reserved seats); null in older rows means
        // "the server's default idle timeout" and "open capacity".
        new(2, "workspace idle timeout and admission group", """
            ALTER TABLE workspaces ADD COLUMN idle_timeout_seconds INTEGER NULL;
            ALTER TABLE workspaces ADD COLUMN admission_group TEXT NULL;
            """),
    ];
}
