using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Playground.Progress.Migrations;
using Playground.Storage;

namespace Playground.Progress;

/// <summary>
/// SQLite progress store for one server. Every operation opens its own (pooled) connection and keeps its
/// transaction short, so hundreds of concurrent requests only queue briefly on SQLite's single writer;
/// counters are updated with one UPSERT each, which makes them atomic without read-modify-write.
/// </summary>
public sealed class SqliteProgressStore : IProgressStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SqliteMigrator _migrator;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>A store on the SQLite file of <paramref name="options"/>; call its migrations before use.</summary>
    public SqliteProgressStore(ProgressStoreOptions options, ILogger<SqliteProgressStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        _connectionString = builder.ToString();
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        _logger = logger ?? NullLogger<SqliteProgressStore>.Instance;
        _time = time ?? TimeProvider.System;
        _migrator = new SqliteMigrator(ProgressMigrations.All, _logger, _time);
        DataSource = builder.DataSource;
    }

    /// <summary>The SQLite data source (file path).</summary>
    public string DataSource { get; }

    /// <summary>Creates the database folder, switches to WAL and applies pending migrations. Called lazily by
    /// every operation; call it at start-up to fail fast on a broken database.</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_initialized) return;
        await _initializeGate.WaitAsync(ct);
        try
        {
            if (_initialized) return;
            CreateDataSourceFolder();
            await using var connection = await OpenConnectionAsync(ct);
            // WAL lets readers proceed while one writer commits; it is a property of the file, so set it once here.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct);
            var applied = await _migrator.MigrateAsync(connection, ct);
            _logger.LogInformation(
                "Progress store {DataSource} ready at schema version {Version} ({Applied} migrations applied)",
                DataSource, _migrator.LatestVersion, applied);
            _initialized = true;
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<LearnerRecord> GetOrCreateLearnerAsync(string learnerId, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO learners (id, language, created_at, last_seen_at) VALUES ($id, NULL, $now, $now)
            ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at
            RETURNING id, language, created_at, last_seen_at;
            """;
        command.Parameters.AddWithValue("$id", learnerId);
        command.Parameters.AddWithValue("$now", Now());
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new LearnerRecord(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            Timestamps.Parse(reader.GetString(2)),
            Timestamps.Parse(reader.GetString(3)));
    }

    /// <inheritdoc />
    public async Task SetLanguageAsync(string learnerId, string language, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.Language(language);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO learners (id, language, created_at, last_seen_at) VALUES ($id, $language, $now, $now)
            ON CONFLICT (id) DO UPDATE SET language = excluded.language, last_seen_at = excluded.last_seen_at;
            """;
        command.Parameters.AddWithValue("$id", learnerId);
        command.Parameters.AddWithValue("$language", language);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task StartLessonAsync(string learnerId, string lessonKey, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        await WriteAsync(learnerId, ct, async (connection, transaction, now) =>
        {
            await using var command = Command(connection, transaction, """
                INSERT INTO lesson_starts (learner_id, lesson_key, started_at) VALUES ($learner, $lesson, $now)
                ON CONFLICT (learner_id, lesson_key) DO NOTHING;
                """, learnerId, lessonKey, now);
            await command.ExecuteNonQueryAsync(ct);
            return 0;
        });
    }

    /// <inheritdoc />
    public async Task<StepAttempt> RecordCheckAsync(string learnerId, string lessonKey, int step, bool passed, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        ProgressArguments.Step(step);
        return await WriteAsync(learnerId, ct, async (connection, transaction, now) =>
        {
            await using var command = Command(connection, transaction, """
                INSERT INTO step_progress (learner_id, lesson_key, step, attempts, failures, passed_at, passed_on_attempt, updated_at)
                VALUES ($learner, $lesson, $step, 1, 1 - $passed,
                        CASE WHEN $passed = 1 THEN $now END, CASE WHEN $passed = 1 THEN 1 END, $now)
                ON CONFLICT (learner_id, lesson_key, step) DO UPDATE SET
                    attempts = attempts + 1,
                    failures = failures + excluded.failures,
                    passed_at = COALESCE(passed_at, excluded.passed_at),
                    passed_on_attempt = COALESCE(passed_on_attempt, CASE WHEN $passed = 1 THEN attempts + 1 END),
                    updated_at = excluded.updated_at
                RETURNING attempts, failures, passed_at, passed_on_attempt;
                """, learnerId, lessonKey, now);
            command.Parameters.AddWithValue("$step", step);
            command.Parameters.AddWithValue("$passed", passed ? 1 : 0);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var attempts = reader.GetInt32(0);
            var passedOnAttempt = reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3);
            return new StepAttempt(
                step,
                attempts,
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : Timestamps.Parse(reader.GetString(2)),
                FirstPass: passed && passedOnAttempt == attempts);
        });
    }

    /// <inheritdoc />
    public async Task<int> RevealHintAsync(string learnerId, string lessonKey, int step, int hintCount, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        ProgressArguments.Step(step);
        ArgumentOutOfRangeException.ThrowIfNegative(hintCount);
        return await WriteAsync(learnerId, ct, async (connection, transaction, now) =>
        {
            // Never lowers the stored count: an author may shorten the hint list, and adding hints back
            // should not make the learner reveal them again. The answer is capped to today's list instead.
            await using var command = Command(connection, transaction, """
                INSERT INTO step_progress (learner_id, lesson_key, step, hints_revealed, updated_at)
                VALUES ($learner, $lesson, $step, MIN(1, $count), $now)
                ON CONFLICT (learner_id, lesson_key, step) DO UPDATE SET
                    hints_revealed = MAX(hints_revealed, MIN(hints_revealed + 1, $count)),
                    updated_at = excluded.updated_at
                RETURNING MIN(hints_revealed, $count);
                """, learnerId, lessonKey, now);
            command.Parameters.AddWithValue("$step", step);
            command.Parameters.AddWithValue("$count", hintCount);
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
        });
    }

    /// <inheritdoc />
    public Task RecordSolutionViewAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default) =>
        StampFirstTimeAsync(learnerId, lessonKey, step, StampedColumn.SolutionViewedAt, ct);

    /// <inheritdoc />
    public Task RecordSolvedWithHelpAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default) =>
        StampFirstTimeAsync(learnerId, lessonKey, step, StampedColumn.SolvedWithHelpAt, ct);

    private enum StampedColumn { SolutionViewedAt, SolvedWithHelpAt }

    /// <summary>Sets a step's timestamp column the first time only (a later call keeps the first time).</summary>
    private async Task StampFirstTimeAsync(string learnerId, string lessonKey, int step, StampedColumn which, CancellationToken ct)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        ProgressArguments.Step(step);
        // A fixed column name from the enum, never from input: safe to put into the SQL text.
        var column = which == StampedColumn.SolutionViewedAt ? "solution_viewed_at" : "solved_with_help_at";
        await WriteAsync(learnerId, ct, async (connection, transaction, now) =>
        {
            await using var command = Command(connection, transaction, $"""
                INSERT INTO step_progress (learner_id, lesson_key, step, {column}, updated_at)
                VALUES ($learner, $lesson, $step, $now, $now)
                ON CONFLICT (learner_id, lesson_key, step) DO UPDATE SET
                    {column} = COALESCE({column}, excluded.{column}),
                    updated_at = excluded.updated_at;
                """, learnerId, lessonKey, now);
            command.Parameters.AddWithValue("$step", step);
            await command.ExecuteNonQueryAsync(ct);
            return 0;
        });
    }

    /// <inheritdoc />
    public async Task RecordQuizAnswerAsync(string learnerId, string lessonKey, int step, string questionId, string answerJson, bool correct, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        ProgressArguments.Step(step);
        ProgressArguments.QuestionId(questionId);
        ProgressArguments.AnswerJson(answerJson);
        await WriteAsync(learnerId, ct, async (connection, transaction, now) =>
        {
            await using var command = Command(connection, transaction, """
                INSERT INTO quiz_answers (learner_id, lesson_key, step, question_id, answer_json, correct, answered_at)
                VALUES ($learner, $lesson, $step, $question, $answer, $correct, $now);
                """, learnerId, lessonKey, now);
            command.Parameters.AddWithValue("$step", step);
            command.Parameters.AddWithValue("$question", questionId);
            command.Parameters.AddWithValue("$answer", answerJson);
            command.Parameters.AddWithValue("$correct", correct ? 1 : 0);
            await command.ExecuteNonQueryAsync(ct);
            return 0;
        });
    }

    /// <inheritdoc />
    public async Task<int> CountQuizAnswersAsync(string learnerId, string lessonKey, int step, string questionId, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        ProgressArguments.Step(step);
        ProgressArguments.QuestionId(questionId);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // quiz_answers_by_step covers (learner_id, lesson_key, step).
        command.CommandText = """
            SELECT COUNT(*) FROM quiz_answers
            WHERE learner_id = $learner AND lesson_key = $lesson AND step = $step AND question_id = $question;
            """;
        command.Parameters.AddWithValue("$learner", learnerId);
        command.Parameters.AddWithValue("$lesson", lessonKey);
        command.Parameters.AddWithValue("$step", step);
        command.Parameters.AddWithValue("$question", questionId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    /// <inheritdoc />
    public async Task MarkStepPassedAsync(string learnerId, string lessonKey, int step, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        ProgressArguments.Step(step);
        await WriteAsync(learnerId, ct, async (connection, transaction, now) =>
        {
            await using var command = Command(connection, transaction, """
                INSERT INTO step_progress (learner_id, lesson_key, step, passed_at, passed_on_attempt, updated_at)
                VALUES ($learner, $lesson, $step, $now, 0, $now)
                ON CONFLICT (learner_id, lesson_key, step) DO UPDATE SET
                    passed_at = COALESCE(passed_at, excluded.passed_at),
                    passed_on_attempt = COALESCE(passed_on_attempt, attempts),
                    updated_at = excluded.updated_at;
                """, learnerId, lessonKey, now);
            command.Parameters.AddWithValue("$step", step);
            await command.ExecuteNonQueryAsync(ct);
            return 0;
        });
    }

    /// <inheritdoc />
    public async Task<LessonProgress> GetLessonProgressAsync(string learnerId, string lessonKey, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        ProgressArguments.LessonKey(lessonKey);
        var all = await ReadProgressAsync(learnerId, lessonKey, ct);
        return all.Count == 0 ? LessonProgress.Empty(lessonKey) : all[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LessonProgress>> GetAllProgressAsync(string learnerId, CancellationToken ct = default)
    {
        LearnerIds.EnsureValid(learnerId);
        return await ReadProgressAsync(learnerId, null, ct);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the database file (and its -wal/-shm files) open; release them with the store.
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
        _initializeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<LessonProgress>> ReadProgressAsync(string learnerId, string? onlyLesson, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // One snapshot for both queries, so a concurrent write cannot split the picture.
        await using var transaction = connection.BeginTransaction(deferred: true);

        var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT lesson_key, started_at FROM lesson_starts
                WHERE learner_id = $learner AND ($lesson IS NULL OR lesson_key = $lesson);
                """;
            command.Parameters.AddWithValue("$learner", learnerId);
            command.Parameters.AddWithValue("$lesson", (object?)onlyLesson ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) started[reader.GetString(0)] = Timestamps.Parse(reader.GetString(1));
        }

        var steps = new Dictionary<string, Dictionary<int, StepProgress>>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT lesson_key, step, attempts, failures, passed_at, hints_revealed, solution_viewed_at, solved_with_help_at FROM step_progress
                WHERE learner_id = $learner AND ($lesson IS NULL OR lesson_key = $lesson);
                """;
            command.Parameters.AddWithValue("$learner", learnerId);
            command.Parameters.AddWithValue("$lesson", (object?)onlyLesson ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var lesson = reader.GetString(0);
                if (!steps.TryGetValue(lesson, out var byStep)) steps[lesson] = byStep = new Dictionary<int, StepProgress>();
                var step = reader.GetInt32(1);
                byStep[step] = new StepProgress(
                    step,
                    reader.GetInt32(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : Timestamps.Parse(reader.GetString(4)),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : Timestamps.Parse(reader.GetString(6)),
                    reader.IsDBNull(7) ? null : Timestamps.Parse(reader.GetString(7)));
            }
        }
        await transaction.CommitAsync(ct);

        return started.Keys.Union(steps.Keys)
            .Order(StringComparer.Ordinal)
            .Select(lesson => new LessonProgress(
                lesson,
                started.TryGetValue(lesson, out var at) ? at : null,
                steps.TryGetValue(lesson, out var byStep) ? byStep : new Dictionary<int, StepProgress>()))
            .ToList();
    }

    /// <summary>Runs one short IMMEDIATE transaction that first makes sure the learner row exists, so a write
    /// never fails on the foreign key when the host skipped <see cref="GetOrCreateLearnerAsync"/>.</summary>
    private async Task<T> WriteAsync<T>(
        string learnerId, CancellationToken ct, Func<SqliteConnection, SqliteTransaction, string, Task<T>> write)
    {
        await using var connection = await OpenAsync(ct);
        // IMMEDIATE: take the write lock up front; a deferred transaction that upgrades later can fail with
        // SQLITE_BUSY without waiting.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = Now();
        await using (var ensure = connection.CreateCommand())
        {
            ensure.Transaction = transaction;
            ensure.CommandText = """
                INSERT INTO learners (id, language, created_at, last_seen_at) VALUES ($id, NULL, $now, $now)
                ON CONFLICT (id) DO NOTHING;
                """;
            ensure.Parameters.AddWithValue("$id", learnerId);
            ensure.Parameters.AddWithValue("$now", now);
            await ensure.ExecuteNonQueryAsync(ct);
        }
        var result = await write(connection, transaction, now);
        await transaction.CommitAsync(ct);
        return result;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string learnerId, string lessonKey, string now)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$learner", learnerId);
        command.Parameters.AddWithValue("$lesson", lessonKey);
        command.Parameters.AddWithValue("$now", now);
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
        try
        {
            await connection.OpenAsync(ct);
            // Per connection (pooled connections keep it, but a fresh one starts at 0 = fail at once when busy).
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = NORMAL;", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private void CreateDataSourceFolder()
    {
        var builder = new SqliteConnectionStringBuilder(_connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(DataSource) || DataSource == ":memory:" ||
            DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    private string Now() => Timestamps.Format(_time.GetUtcNow());
}
