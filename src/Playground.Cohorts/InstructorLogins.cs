using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Playground.Storage;

namespace Playground.Cohorts;

/// <summary>
/// Links between external sign-in identities (an OpenID Connect issuer and subject) and instructor accounts, in the
/// cohort store's SQLite file. Versioned in its own bookkeeping table (<c>instructor_login_schema_migrations</c>),
/// so it never competes with the cohort schema's version numbers.
/// </summary>
public sealed class InstructorLogins
{
    private const string Table = "instructor_login_schema_migrations";
    private static readonly IReadOnlyList<SqliteMigration> Migrations =
    [
        new(1, "external sign-in identities of instructors", """
            CREATE TABLE instructor_logins (
                issuer         TEXT NOT NULL,
                subject        TEXT NOT NULL,
                instructor_id  TEXT NOT NULL REFERENCES instructors(id) ON DELETE CASCADE,
                email          TEXT NULL,
                linked_at      TEXT NOT NULL,
                PRIMARY KEY (issuer, subject)
            );
            """),
    ];

    private readonly string _connectionString;
    private readonly CohortStore _store;
    private readonly SqliteMigrator _migrator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Uses the cohort store's database (its instructors table must exist first, which <see cref="CohortStore.InitializeAsync"/> ensures).</summary>
    public InstructorLogins(CohortStoreOptions options, CohortStore store, ILogger<InstructorLogins>? logger = null)
    {
        _connectionString = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = true, ForeignKeys = true, DefaultTimeout = 10 }.ToString();
        _store = store;
        _migrator = new SqliteMigrator(Migrations, logger ?? (ILogger)NullLogger.Instance, store.Time, Table);
    }

    /// <summary>The instructor linked to this identity, or null.</summary>
    public async Task<Instructor?> FindAsync(string issuer, string subject, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT instructor_id FROM instructor_logins WHERE issuer = $issuer AND subject = $subject;";
        command.Parameters.AddWithValue("$issuer", issuer);
        command.Parameters.AddWithValue("$subject", subject);
        return await command.ExecuteScalarAsync(ct) is string id ? await _store.GetInstructorAsync(id, ct) : null;
    }

    /// <summary>Links the identity to <paramref name="instructorId"/> (replacing an earlier link of the same identity).</summary>
    public async Task LinkAsync(string issuer, string subject, string instructorId, string? email, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO instructor_logins (issuer, subject, instructor_id, email, linked_at) VALUES ($issuer, $subject, $id, $email, $now)
            ON CONFLICT (issuer, subject) DO UPDATE SET instructor_id = excluded.instructor_id, email = excluded.email, linked_at = excluded.linked_at;
            """;
        command.Parameters.AddWithValue("$issuer", issuer);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$id", instructorId);
        command.Parameters.AddWithValue("$email", (object?)email ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", CohortStore.Format(_store.Time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        await _store.InitializeAsync(ct); // the instructors table first
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (_initialized) return connection;
        await _gate.WaitAsync(ct);
        try
        {
            if (!_initialized) await _migrator.MigrateAsync(connection, ct);
            _initialized = true;
        }
        finally
        {
            _gate.Release();
        }
        return connection;
    }
}
