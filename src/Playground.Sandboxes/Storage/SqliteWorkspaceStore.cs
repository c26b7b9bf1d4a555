using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;
using Playground.Storage;

namespace Playground.Sandboxes.Storage;

/// <summary>Workspaces in SQLite.</summary>
public sealed class SqliteWorkspaceStore(IOptions<SandboxOptions> options, ILogger<SqliteWorkspaceStore>? logger = null) : IWorkspaceStore
{
    private readonly string _connectionString = options.Value.ConnectionString;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken ct)
    {
        EnsureDirectory(_connectionString);
        await using var db = await OpenAsync(ct);
        await using (var wal = db.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
        }
        await new SqliteMigrator(WorkspaceMigrations.All, logger ?? (ILogger)NullLogger.Instance, TimeProvider.System, WorkspaceMigrations.Table)
            .MigrateAsync(db, ct);
    }

    /// <inheritdoc />
    public async Task SaveAsync(Workspace w, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            INSERT INTO workspaces (id, learner_id, lesson_key, environment, token, created_at, expires_at, last_activity, extended, state, end_reason, ended_at, sandboxes, idle_timeout_seconds, admission_group)
            VALUES ($id, $learner, $lesson, $env, $token, $created, $expires, $activity, $extended, $state, $reason, $ended, $sandboxes, $idle, $group)
            ON CONFLICT(id) DO UPDATE SET expires_at = $expires, last_activity = $activity, extended = $extended,
                state = $state, end_reason = $reason, ended_at = $ended, sandboxes = $sandboxes
            """;
        cmd.Parameters.AddWithValue("$id", w.Id);
        cmd.Parameters.AddWithValue("$learner", w.LearnerId);
        cmd.Parameters.AddWithValue("$lesson", w.LessonKey);
        cmd.Parameters.AddWithValue("$env", w.Environment);
        cmd.Parameters.AddWithValue("$token", w.Token);
        cmd.Parameters.AddWithValue("$created", w.CreatedAt.ToString("O"));
        cmd.Parameters.AddWithValue("$expires", w.ExpiresAt.ToString("O"));
        cmd.Parameters.AddWithValue("$activity", w.LastActivity.ToString("O"));
        cmd.Parameters.AddWithValue("$extended", w.Extended ? 1 : 0);
        cmd.Parameters.AddWithValue("$state", w.State.ToString());
        cmd.Parameters.AddWithValue("$reason", (object?)w.EndReason?.Code() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$ended", (object?)w.EndedAt?.ToString("O") ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$idle", w.IdleTimeout is { } idle ? (long)idle.TotalSeconds : DBNull.Value);
        cmd.Parameters.AddWithValue("$group", (object?)w.AdmissionGroup ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$sandboxes", JsonSerializer.Serialize(w.Sandboxes.ToList(), StoreJson.Default.ListSandboxHandle));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task<Workspace?> FindAsync(string id, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT * FROM workspaces WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Workspace>> LoadLiveAsync(CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT * FROM workspaces WHERE state <> 'Ended'";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new List<Workspace>();
        while (await reader.ReadAsync(ct)) result.Add(Read(reader));
        return result;
    }

    private static Workspace Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(r.GetOrdinal("id")),
        LearnerId = r.GetString(r.GetOrdinal("learner_id")),
        LessonKey = r.GetString(r.GetOrdinal("lesson_key")),
        Environment = r.GetString(r.GetOrdinal("environment")),
        Token = r.GetString(r.GetOrdinal("token")),
        CreatedAt = ParseTime(r.GetString(r.GetOrdinal("created_at"))),
        ExpiresAt = ParseTime(r.GetString(r.GetOrdinal("expires_at"))),
        LastActivity = ParseTime(r.GetString(r.GetOrdinal("last_activity"))),
        Extended = r.GetInt64(r.GetOrdinal("extended")) != 0,
        State = Enum.Parse<WorkspaceState>(r.GetString(r.GetOrdinal("state"))),
        EndReason = r.IsDBNull(r.GetOrdinal("end_reason")) ? null : TerminationReasons.Parse(r.GetString(r.GetOrdinal("end_reason"))),
        EndedAt = r.IsDBNull(r.GetOrdinal("ended_at")) ? null : ParseTime(r.GetString(r.GetOrdinal("ended_at"))),
        Sandboxes = JsonSerializer.Deserialize(r.GetString(r.GetOrdinal("sandboxes")), StoreJson.Default.ListSandboxHandle) ?? [],
        IdleTimeout = r.IsDBNull(r.GetOrdinal("idle_timeout_seconds")) ? null : TimeSpan.FromSeconds(r.GetInt64(r.GetOrdinal("idle_timeout_seconds"))),
        AdmissionGroup = r.IsDBNull(r.GetOrdinal("admission_group")) ? null : r.GetString(r.GetOrdinal("admission_group")),
    };

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(ct);
        await using var pragma = db.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=5000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return db;
    }

    internal static void EnsureDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:") return;
        var dir = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }
}

[JsonSerializable(typeof(List<SandboxHandle>))]
internal sealed partial class StoreJson : JsonSerializerContext;
