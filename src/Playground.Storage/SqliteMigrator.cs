using Microsoft.Data.Sqlite;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Playground.Storage;

/// <summary>
/// Brings a database up to the latest migration. Safe to run on every start and from several processes at
/// once: each migration runs in an IMMEDIATE transaction that re-checks its migrations table first.
/// </summary>
public sealed class SqliteMigrator
{
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _table;

    /// <param name="table">The bookkeeping table; each concern with its own migration list (progress, cohorts, workspaces)
    /// keeps its own, so their version numbers never collide.</param>
    public SqliteMigrator(IReadOnlyList<SqliteMigration> migrations, ILogger logger, TimeProvider time, string table = "schema_migrations")
    {
        if (!table.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            throw new ArgumentException("The migrations table name is lowercase letters and underscores.", nameof(table));
        _table = table;
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException(
                    $"Migrations must be numbered 1, 2, 3 ... in order; position {i + 1} holds version {migrations[i].Version}.",
                    nameof(migrations));
            }
        }
        _migrations = migrations;
        _logger = logger;
        _time = time;
    }

    /// <summary>The schema version the migrations lead to.</summary>
    public int LatestVersion => _migrations.Count;

    /// <summary>Applies the missing migrations; returns how many were applied.</summary>
    public async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken ct)
    {
        await ExecuteAsync(connection, null, $"""
            CREATE TABLE IF NOT EXISTS {_table} (
                version     INTEGER PRIMARY KEY NOT NULL,
                name        TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            );
            """, ct);

        var current = await CurrentVersionAsync(connection, null, ct);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database schema is at version {current}, newer than this build of Playground knows ({LatestVersion}). " +
                "Run a newer Playground or restore a backup of the database.");
        }

        var applied = 0;
        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            if (await ApplyAsync(connection, migration, ct)) applied++;
        }
        return applied;
    }

    private async Task<bool> ApplyAsync(SqliteConnection connection, SqliteMigration migration, CancellationToken ct)
    {
        await using var transaction = connection.BeginTransaction(deferred: false); // IMMEDIATE: one migrator at a time
        // Another process may have applied it while we waited for the write lock.
        if (await CurrentVersionAsync(connection, transaction, ct) >= migration.Version) return false;

        await ExecuteAsync(connection, transaction, migration.Sql, ct);
        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {_table} (version, name, applied_at) VALUES ($version, $name, $at);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$name", migration.Name);
            record.Parameters.AddWithValue("$at", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        _logger.LogInformation("Applied schema migration {Version} ({Name}) recorded in {Table}", migration.Version, migration.Name, _table);
        return true;
    }

    private async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {_table};";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
