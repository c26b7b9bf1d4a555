using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Playground.Progress;
using Playground.Storage;

namespace Playground.Cohorts;

/// <summary>Where the cohort tables live: by default the same SQLite file as progress.</summary>
public sealed class CohortStoreOptions
{
    /// <summary>The SQLite connection string (default <c>.data/playground.db</c>).</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/playground.db";

    /// <summary>How long a one-time instructor sign-in link stays valid.</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Instructors, cohorts, memberships and the instructor action log in SQLite. Passwords are hashed with
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2); sign-in links are stored as SHA-256.
/// Refusals throw <see cref="CohortException"/> with a message fit for the user.
/// </summary>
public sealed class CohortStore
{
    private readonly string _connectionString;
    private readonly SqliteMigrator _migrator;
    private readonly TimeProvider _time;
    private readonly CohortStoreOptions _options;
    private readonly ILogger _logger;
    private readonly PasswordHasher<Instructor> _hasher = new();
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>A store on the SQLite database of <paramref name="options"/>; run its migrations before use.</summary>
    public CohortStore(CohortStoreOptions options, ILogger<CohortStore>? logger = null, TimeProvider? time = null)
    {
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = true, ForeignKeys = true, DefaultTimeout = 10 }.ToString();
        _logger = logger ?? NullLogger<CohortStore>.Instance;
        _time = time ?? TimeProvider.System;
        _migrator = new SqliteMigrator(CohortMigrations.All, _logger, _time, CohortMigrations.Table);
    }

    /// <summary>The store's clock (times of records, cohort windows).</summary>
    public TimeProvider Time => _time;

    /// <summary>Applies the cohort migrations. Idempotent; every operation calls it first.</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_initialized) return;
        await _initializeGate.WaitAsync(ct);
        try
        {
            if (_initialized) return;
            var source = new SqliteConnectionStringBuilder(_connectionString).DataSource;
            if (!string.IsNullOrEmpty(source) && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(source));
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            }
            await using var connection = await OpenConnectionAsync(ct);
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                await wal.ExecuteNonQueryAsync(ct);
            }
            await _migrator.MigrateAsync(connection, ct);
            _initialized = true;
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    // ---- instructors ----

    /// <summary>Adds an instructor without a password. Throws <see cref="CohortException"/> when the name is invalid or taken.</summary>
    public async Task<Instructor> AddInstructorAsync(string name, CancellationToken ct = default)
    {
        name = CohortRules.Name(name, "An instructor name", 60);
        var instructor = new Instructor(Codes.NewId(), name, false, Now());
        try
        {
            await ExecAsync("INSERT INTO instructors (id, name, password_hash, created_at) VALUES ($id, $name, NULL, $now);",
                ct, ("$id", instructor.Id), ("$name", name), ("$now", Format(instructor.CreatedAt)));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new CohortException($"An instructor named '{name}' already exists.", CohortRefusal.Conflict);
        }
        return instructor;
    }

    /// <summary>A new one-time sign-in token for the instructor (valid for <see cref="CohortStoreOptions.SignInLinkLifetime"/>).</summary>
    public async Task<string> CreateSignInTokenAsync(string instructorId, CancellationToken ct = default)
    {
        var token = Codes.NewToken();
        await ExecAsync("INSERT INTO instructor_sign_in_links (token_hash, instructor_id, expires_at) VALUES ($hash, $id, $expires);",
            ct, ("$hash", Codes.Hash(token)), ("$id", instructorId), ("$expires", Format(Now() + _options.SignInLinkLifetime)));
        return token;
    }

    /// <summary>The instructor of a valid, unused, unexpired token, without using it up; null otherwise.</summary>
    public async Task<Instructor?> PeekSignInTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128) return null;
        return (await QueryAsync("""
            SELECT i.id, i.name, i.password_hash IS NOT NULL, i.created_at FROM instructor_sign_in_links l
            JOIN instructors i ON i.id = l.instructor_id
            WHERE l.token_hash = $hash AND l.used_at IS NULL AND l.expires_at > $now;
            """, ReadInstructor, ct, ("$hash", Codes.Hash(token)), ("$now", Format(Now())))).FirstOrDefault();
    }

    /// <summary>Uses the token up (exactly once, even when two requests race) and sets the password.</summary>
    public async Task<Instructor?> RedeemSignInTokenAsync(string? token, string password, CancellationToken ct = default)
    {
        CheckPassword(password);
        if (await PeekSignInTokenAsync(token, ct) is not { } instructor) return null;
        var used = await ExecAsync("UPDATE instructor_sign_in_links SET used_at = $now WHERE token_hash = $hash AND used_at IS NULL;",
            ct, ("$now", Format(Now())), ("$hash", Codes.Hash(token!)));
        if (used != 1) return null;
        await ExecAsync("UPDATE instructors SET password_hash = $hash WHERE id = $id;", ct,
            ("$hash", _hasher.HashPassword(instructor, password)), ("$id", instructor.Id));
        return instructor with { HasPassword = true };
    }

    /// <summary>The instructor when the password matches; null for an unknown name or a wrong password.</summary>
    public async Task<Instructor?> VerifyPasswordAsync(string? name, string? password, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password) || name.Length > 100 || password.Length > 512) return null;
        var rows = await QueryAsync("SELECT id, name, password_hash, created_at FROM instructors WHERE name = $name;",
            r => (Instructor: new Instructor(r.GetString(0), r.GetString(1), !r.IsDBNull(2), Parse(r.GetString(3))), Hash: r.IsDBNull(2) ? null : r.GetString(2)),
            ct, ("$name", name.Trim()));
        if (rows.FirstOrDefault() is not { Hash: { } hash } row) return null;
        var result = _hasher.VerifyHashedPassword(row.Instructor, hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await ExecAsync("UPDATE instructors SET password_hash = $hash WHERE id = $id;", ct, ("$hash", _hasher.HashPassword(row.Instructor, password)), ("$id", row.Instructor.Id));
        return result == PasswordVerificationResult.Failed ? null : row.Instructor;
    }

    /// <summary>
    /// Sets a new password for a signed-in instructor. When one is set already, <paramref name="current"/> must match
    /// it (false otherwise, nothing changed); a too-short new password throws <see cref="CohortException"/>.
    /// </summary>
    public async Task<bool> ChangePasswordAsync(string instructorId, string? current, string? newPassword, CancellationToken ct = default)
    {
        CheckPassword(newPassword);
        var rows = await QueryAsync("SELECT id, name, password_hash, created_at FROM instructors WHERE id = $id;",
            r => (Instructor: new Instructor(r.GetString(0), r.GetString(1), !r.IsDBNull(2), Parse(r.GetString(3))), Hash: r.IsDBNull(2) ? null : r.GetString(2)),
            ct, ("$id", instructorId));
        if (rows.FirstOrDefault() is not { Instructor: { } instructor } row) return false;
        if (row.Hash is { } hash && (string.IsNullOrEmpty(current) || current.Length > 512
                || _hasher.VerifyHashedPassword(instructor, hash, current) == PasswordVerificationResult.Failed))
            return false;
        await ExecAsync("UPDATE instructors SET password_hash = $hash WHERE id = $id;", ct,
            ("$hash", _hasher.HashPassword(instructor, newPassword!)), ("$id", instructorId));
        return true;
    }

    /// <summary>The instructor <paramref name="id"/>, or null.</summary>
    public async Task<Instructor?> GetInstructorAsync(string id, CancellationToken ct = default) =>
        (await QueryAsync("SELECT id, name, password_hash IS NOT NULL, created_at FROM instructors WHERE id = $id;", ReadInstructor, ct, ("$id", id))).FirstOrDefault();

    /// <summary>Every instructor, by name.</summary>
    public Task<IReadOnlyList<Instructor>> ListInstructorsAsync(CancellationToken ct = default) =>
        QueryAsync("SELECT id, name, password_hash IS NOT NULL, created_at FROM instructors ORDER BY name;", ReadInstructor, ct);

    private static void CheckPassword(string? password)
    {
        if (password is null || password.Length < 10 || password.Length > 512)
            throw new CohortException("A password is 10 to 512 characters long.", CohortRefusal.Invalid);
    }

    // ---- cohorts ----

    /// <summary>Creates a cohort from <paramref name="draft"/> with a new join code. Throws <see cref="CohortException"/> when the draft is invalid.</summary>
    public async Task<Cohort> CreateCohortAsync(CohortDraft draft, string createdBy, CancellationToken ct = default)
    {
        CohortRules.Validate(draft);
        var cohort = new Cohort(Codes.NewId(), draft.Name.Trim(), draft.Opens, draft.StartsAt, draft.EndsAt, draft.SeatLimit,
            draft.SandboxQuota, draft.IdleTimeout, draft.Lifetime, Codes.NewJoinCode(), createdBy, Now()) { ReservedSeats = draft.ReservedSeats };
        await ExecAsync("""
            INSERT INTO cohorts (id, name, opens, starts_at, ends_at, seat_limit, sandbox_quota, idle_timeout_seconds, lifetime_seconds, join_code, created_by, created_at, reserved_seats)
            VALUES ($id, $name, $opens, $starts, $ends, $seats, $quota, $idle, $life, $code, $by, $now, $reserved);
            """, ct, DraftParameters(cohort.Id, draft).Concat([("$code", cohort.JoinCode), ("$by", createdBy), ("$now", Format(cohort.CreatedAt))]).ToArray());
        return cohort;
    }

    /// <summary>Changes cohort <paramref name="id"/> to <paramref name="draft"/>. Throws <see cref="CohortException"/> when invalid or not found.</summary>
    public async Task<Cohort> UpdateCohortAsync(string id, CohortDraft draft, CancellationToken ct = default)
    {
        CohortRules.Validate(draft);
        var changed = await ExecAsync("""
            UPDATE cohorts SET name = $name, opens = $opens, starts_at = $starts, ends_at = $ends, seat_limit = $seats,
                sandbox_quota = $quota, idle_timeout_seconds = $idle, lifetime_seconds = $life, reserved_seats = $reserved WHERE id = $id;
            """, ct, DraftParameters(id, draft));
        if (changed == 0) throw new CohortException("No such cohort.", CohortRefusal.NotFound);
        return (await GetCohortAsync(id, ct))!;
    }

    /// <summary>The cohort <paramref name="id"/>, or null.</summary>
    public async Task<Cohort?> GetCohortAsync(string id, CancellationToken ct = default) =>
        (await QueryAsync($"{SelectCohort} WHERE id = $id;", ReadCohort, ct, ("$id", id))).FirstOrDefault();

    /// <summary>Every cohort, newest first.</summary>
    public Task<IReadOnlyList<Cohort>> ListCohortsAsync(CancellationToken ct = default) =>
        QueryAsync($"{SelectCohort} ORDER BY created_at DESC;", ReadCohort, ct);

    /// <summary>The cohort whose join code is <paramref name="code"/> (any case, dashes and spaces ignored), or null.</summary>
    public async Task<Cohort?> FindByJoinCodeAsync(string? code, CancellationToken ct = default) =>
        Codes.Normalize(code) is { } normalized
            ? (await QueryAsync($"{SelectCohort} WHERE join_code = $code;", ReadCohort, ct, ("$code", normalized))).FirstOrDefault()
            : null;

    /// <summary>A new join code; the old one stops working at once. Members already joined stay.</summary>
    public async Task<Cohort> RotateJoinCodeAsync(string id, CancellationToken ct = default)
    {
        if (await ExecAsync("UPDATE cohorts SET join_code = $code WHERE id = $id;", ct, ("$code", Codes.NewJoinCode()), ("$id", id)) == 0)
            throw new CohortException("No such cohort.", CohortRefusal.NotFound);
        return (await GetCohortAsync(id, ct))!;
    }

    /// <summary>Closes the cohort to new learners (no join code). Rotate to open it again.</summary>
    public async Task<Cohort> CloseJoinCodeAsync(string id, CancellationToken ct = default)
    {
        if (await ExecAsync("UPDATE cohorts SET join_code = NULL WHERE id = $id;", ct, ("$id", id)) == 0)
            throw new CohortException("No such cohort.", CohortRefusal.NotFound);
        return (await GetCohortAsync(id, ct))!;
    }

    // ---- members ----

    /// <summary>
    /// Joins the learner to the cohort of <paramref name="joinCode"/> (moving them from any other cohort), or
    /// renames them when already a member. The seat limit is checked in the same write transaction, so
    /// concurrent joins cannot overfill a cohort.
    /// </summary>
    public async Task<(Cohort Cohort, CohortMember Member)> JoinAsync(string? joinCode, string learnerId, string? displayName, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        var name = CohortRules.DisplayName(displayName);
        var cohort = await FindByJoinCodeAsync(joinCode, ct)
            ?? throw new CohortException("This join code is not valid (or the cohort is closed to new learners). Ask your instructor for the current link.", CohortRefusal.Closed);
        if (cohort.WindowAt(Now()) == CohortWindow.Ended)
            throw new CohortException($"The cohort '{cohort.Name}' ended on {cohort.EndsAt:yyyy-MM-dd HH:mm} UTC.", CohortRefusal.Closed);

        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var existing = await ReadMemberAsync(connection, transaction, learnerId, ct);
        if (existing?.CohortId != cohort.Id)
        {
            await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM cohort_members WHERE cohort_id = $cohort;", ("$cohort", cohort.Id));
            if (Convert.ToInt32(await count.ExecuteScalarAsync(ct)) >= cohort.SeatLimit)
                throw new CohortException($"The cohort '{cohort.Name}' is full ({cohort.SeatLimit} seats). Ask your instructor for a seat.", CohortRefusal.Full);
        }
        var member = existing is null
            ? new CohortMember(learnerId, cohort.Id, name, Codes.NewResumeCode(), Now())
            : existing with { CohortId = cohort.Id, DisplayName = name };
        await using (var upsert = Command(connection, transaction, """
            INSERT INTO cohort_members (learner_id, cohort_id, display_name, resume_code, joined_at) VALUES ($learner, $cohort, $name, $resume, $now)
            ON CONFLICT (learner_id) DO UPDATE SET cohort_id = excluded.cohort_id, display_name = excluded.display_name;
            """, ("$learner", learnerId), ("$cohort", cohort.Id), ("$name", name), ("$resume", member.ResumeCode), ("$now", Format(member.JoinedAt))))
        {
            await upsert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return (cohort, member);
    }

    /// <summary>The membership of <paramref name="learnerId"/>, or null.</summary>
    public async Task<CohortMember?> GetMemberAsync(string learnerId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadMemberAsync(connection, null, learnerId, ct);
    }

    /// <summary>The membership whose resume code is <paramref name="code"/>, or null.</summary>
    public async Task<CohortMember?> FindByResumeCodeAsync(string? code, CancellationToken ct = default) =>
        Codes.Normalize(code) is { } normalized
            ? (await QueryAsync($"{SelectMember} WHERE resume_code = $code;", ReadMember, ct, ("$code", normalized))).FirstOrDefault()
            : null;

    /// <summary>The members of cohort <paramref name="cohortId"/>, by join time.</summary>
    public Task<IReadOnlyList<CohortMember>> ListMembersAsync(string cohortId, CancellationToken ct = default) =>
        QueryAsync($"{SelectMember} WHERE cohort_id = $cohort ORDER BY display_name COLLATE NOCASE, joined_at;", ReadMember, ct, ("$cohort", cohortId));

    /// <summary>Sets a member's display name. Throws <see cref="CohortException"/> when invalid or not a member.</summary>
    public async Task RenameMemberAsync(string cohortId, string learnerId, string? displayName, CancellationToken ct = default)
    {
        var name = CohortRules.DisplayName(displayName);
        if (await ExecAsync("UPDATE cohort_members SET display_name = $name WHERE learner_id = $learner AND cohort_id = $cohort;", ct,
                ("$name", name), ("$learner", learnerId), ("$cohort", cohortId)) == 0)
            throw new CohortException("No such learner in this cohort.", CohortRefusal.NotFound);
    }

    /// <summary>Removes a learner from the cohort (their progress stays).</summary>
    public async Task RemoveMemberAsync(string cohortId, string learnerId, CancellationToken ct = default)
    {
        if (await ExecAsync("DELETE FROM cohort_members WHERE learner_id = $learner AND cohort_id = $cohort;", ct, ("$learner", learnerId), ("$cohort", cohortId)) == 0)
            throw new CohortException("No such learner in this cohort.", CohortRefusal.NotFound);
    }

    // ---- instructor actions ----

    /// <summary>Records an instructor action in the action log.</summary>
    public Task RecordActionAsync(Instructor who, string? cohortId, string action, string? target = null, string? detail = null, CancellationToken ct = default) =>
        ExecAsync("INSERT INTO instructor_actions (instructor_id, cohort_id, action, target, detail, at) VALUES ($who, $cohort, $action, $target, $detail, $now);",
            ct, ("$who", who.Id), ("$cohort", cohortId), ("$action", action), ("$target", target), ("$detail", detail is { Length: > 500 } ? detail[..500] : detail), ("$now", Format(Now())));

    /// <summary>The newest actions first; all cohorts when <paramref name="cohortId"/> is null.</summary>
    public Task<IReadOnlyList<InstructorAction>> ListActionsAsync(string? cohortId, int limit = 200, CancellationToken ct = default) =>
        QueryAsync("""
            SELECT a.id, a.instructor_id, COALESCE(i.name, a.instructor_id), a.cohort_id, a.action, a.target, a.detail, a.at
            FROM instructor_actions a LEFT JOIN instructors i ON i.id = a.instructor_id
            WHERE ($cohort IS NULL OR a.cohort_id = $cohort) ORDER BY a.id DESC LIMIT $limit;
            """, r => new InstructorAction(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), Parse(r.GetString(7))),
            ct, ("$cohort", cohortId), ("$limit", Math.Clamp(limit, 1, 1000)));

    // ---- plumbing ----

    private const string SelectCohort = "SELECT id, name, opens, starts_at, ends_at, seat_limit, sandbox_quota, idle_timeout_seconds, lifetime_seconds, join_code, created_by, created_at, reserved_seats FROM cohorts";
    private const string SelectMember = "SELECT learner_id, cohort_id, display_name, resume_code, joined_at FROM cohort_members";

    private static (string, object?)[] DraftParameters(string id, CohortDraft d) =>
    [
        ("$id", id), ("$name", d.Name.Trim()), ("$opens", JsonSerializer.Serialize(d.Opens.ToArray(), CohortJson.Default.StringArray)),
        ("$starts", d.StartsAt is { } s ? Format(s) : null), ("$ends", d.EndsAt is { } e ? Format(e) : null), ("$seats", d.SeatLimit),
        ("$quota", d.SandboxQuota), ("$idle", d.IdleTimeout is { } i ? (long)i.TotalSeconds : null), ("$life", d.Lifetime is { } l ? (long)l.TotalSeconds : null),
        ("$reserved", d.ReservedSeats),
    ];

    private static Instructor ReadInstructor(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetBoolean(2), Parse(r.GetString(3)));

    private static Cohort ReadCohort(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), JsonSerializer.Deserialize(r.GetString(2), CohortJson.Default.StringArray) ?? [],
        r.IsDBNull(3) ? null : Parse(r.GetString(3)), r.IsDBNull(4) ? null : Parse(r.GetString(4)), r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetInt32(6), r.IsDBNull(7) ? null : TimeSpan.FromSeconds(r.GetInt64(7)),
        r.IsDBNull(8) ? null : TimeSpan.FromSeconds(r.GetInt64(8)), r.IsDBNull(9) ? null : r.GetString(9), r.GetString(10), Parse(r.GetString(11)))
    {
        ReservedSeats = r.GetInt32(12),
    };

    private static CohortMember ReadMember(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Parse(r.GetString(4)));

    private static async Task<CohortMember?> ReadMemberAsync(SqliteConnection connection, SqliteTransaction? transaction, string learnerId, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, $"{SelectMember} WHERE learner_id = $learner;", ("$learner", learnerId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadMember(reader) : null;
    }

    private async Task<int> ExecAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        await InitializeAsync(ct);
        return await OpenConnectionAsync(ct);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    internal static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string value) => new(DateTime.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class CohortJson : System.Text.Json.Serialization.JsonSerializerContext;
