using Microsoft.Extensions.Logging.Abstractions;
using Playground.Progress.Migrations;
using Playground.Storage;

namespace Playground.Progress.Tests;

public class MigrationTests
{
    [Fact]
    public async Task A_new_database_gets_its_folder_WAL_and_every_migration()
    {
        using var db = new TempDatabase();
        await using (var store = db.OpenStore()) await store.InitializeAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(db.FilePath));
        Assert.Equal("wal", db.Scalar("PRAGMA journal_mode;"));
        Assert.Equal((long)ProgressMigrations.All.Count, db.Scalar("SELECT COUNT(*) FROM schema_migrations;"));
        Assert.Equal("1,2,3,4", db.Scalar("SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations ORDER BY version);"));
        foreach (var table in new[] { "learners", "lesson_starts", "step_progress", "quiz_answers" })
        {
            Assert.Equal(1L, db.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        }
        Assert.Equal(1L, db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'learners_by_last_seen';"));
    }

    [Fact]
    public async Task Migrations_are_idempotent_across_restarts()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        await using (var store = db.OpenStore()) await store.InitializeAsync(ct);
        var firstRun = db.Scalar("SELECT group_concat(version || '@' || applied_at, ',') FROM schema_migrations;");

        for (var restart = 0; restart < 3; restart++)
        {
            await using var store = db.OpenStore();
            await store.InitializeAsync(ct);
            await store.InitializeAsync(ct);
        }

        Assert.Equal(firstRun, db.Scalar("SELECT group_concat(version || '@' || applied_at, ',') FROM schema_migrations;"));
    }

    [Fact]
    public async Task Several_stores_starting_at_once_apply_each_migration_once()
    {
        using var db = new TempDatabase();
        var stores = Enumerable.Range(0, 8).Select(_ => db.OpenStore()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(TestContext.Current.CancellationToken))));
        foreach (var store in stores) await store.DisposeAsync();

        Assert.Equal((long)ProgressMigrations.All.Count, db.Scalar("SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Only_the_missing_migrations_run_on_an_older_database()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.GetDirectoryName(db.FilePath)!);
        using (var connection = db.OpenRaw())
        {
            // A database written by a build that knew only migration 1.
            var onlyFirst = new SqliteMigrator(ProgressMigrations.All.Take(1).ToList(), NullLogger.Instance, TimeProvider.System);
            Assert.Equal(1, await onlyFirst.MigrateAsync(connection, ct));
            var migrator = new SqliteMigrator(ProgressMigrations.All, NullLogger.Instance, TimeProvider.System);
            Assert.Equal(ProgressMigrations.All.Count - 1, await migrator.MigrateAsync(connection, ct));
            Assert.Equal(0, await migrator.MigrateAsync(connection, ct));
        }
        Assert.Equal((long)ProgressMigrations.All.Count, db.Scalar("SELECT MAX(version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused_with_a_clear_error()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        await using (var store = db.OpenStore()) await store.InitializeAsync(ct);
        using (var connection = db.OpenRaw())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2099-01-01T00:00:00.0000000Z');";
            command.ExecuteNonQuery();
        }

        await using var reopened = db.OpenStore();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.InitializeAsync(ct));
        Assert.Contains("version 99", error.Message);
    }

    [Fact]
    public async Task Migration_3_adds_solution_views_to_existing_rows_without_losing_them()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.GetDirectoryName(db.FilePath)!);
        var learner = LearnerIds.New();
        using (var connection = db.OpenRaw())
        {
            await new SqliteMigrator(ProgressMigrations.All.Take(2).ToList(), NullLogger.Instance, TimeProvider.System).MigrateAsync(connection, ct);
            using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                INSERT INTO learners VALUES ('{learner}', NULL, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
                INSERT INTO step_progress (learner_id, lesson_key, step, attempts, failures, hints_revealed, updated_at)
                VALUES ('{learner}', 't/l', 1, 2, 2, 1, '2026-01-01T00:00:00.0000000Z');
                """;
            insert.ExecuteNonQuery();
        }

        await using var store = db.OpenStore();
        var before = (await store.GetLessonProgressAsync(learner, "t/l", ct)).Steps[1];
        await store.RecordSolutionViewAsync(learner, "t/l", 1, ct);
        var first = (await store.GetLessonProgressAsync(learner, "t/l", ct)).Steps[1];
        await store.RecordSolutionViewAsync(learner, "t/l", 1, ct);
        var again = (await store.GetLessonProgressAsync(learner, "t/l", ct)).Steps[1];

        Assert.Null(before.SolutionViewedAt);
        Assert.Equal((2, 2, 1), (first.Attempts, first.Failures, first.HintsRevealed));
        Assert.NotNull(first.SolutionViewedAt);
        Assert.Equal(first.SolutionViewedAt, again.SolutionViewedAt);
    }

    [Fact]
    public async Task Migration_4_adds_solved_with_help_to_existing_progress_and_keeps_the_first_time()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.GetDirectoryName(db.FilePath)!);
        var learner = LearnerIds.New();
        using (var connection = db.OpenRaw())
        {
            await new SqliteMigrator(ProgressMigrations.All.Take(3).ToList(), NullLogger.Instance, TimeProvider.System).MigrateAsync(connection, ct);
            using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                INSERT INTO learners VALUES ('{learner}', NULL, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');
                INSERT INTO step_progress (learner_id, lesson_key, step, attempts, failures, hints_revealed, updated_at)
                VALUES ('{learner}', 't/l', 1, 3, 3, 2, '2026-01-01T00:00:00.0000000Z');
                """;
            insert.ExecuteNonQuery();
        }

        await using var store = db.OpenStore();
        var before = (await store.GetLessonProgressAsync(learner, "t/l", ct)).Steps[1];
        await store.RecordSolvedWithHelpAsync(learner, "t/l", 1, ct);
        var helped = (await store.GetLessonProgressAsync(learner, "t/l", ct)).Steps[1];
        await store.RecordCheckAsync(learner, "t/l", 1, passed: true, ct);
        await store.RecordSolvedWithHelpAsync(learner, "t/l", 1, ct);
        var passed = (await store.GetLessonProgressAsync(learner, "t/l", ct)).Steps[1];

        Assert.Null(before.SolvedWithHelpAt);
        Assert.False(helped.SolvedWithHelp); // help used, not passed yet
        Assert.Equal((3, 3, 2), (helped.Attempts, helped.Failures, helped.HintsRevealed));
        Assert.True(passed.SolvedWithHelp);
        Assert.Equal(helped.SolvedWithHelpAt, passed.SolvedWithHelpAt);
    }

    [Fact]
    public async Task Two_migration_lists_in_one_file_keep_separate_versions()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.GetDirectoryName(db.FilePath)!);
        using (var connection = db.OpenRaw())
        {
            await new SqliteMigrator(ProgressMigrations.All, NullLogger.Instance, TimeProvider.System).MigrateAsync(connection, ct);
            var other = new SqliteMigrator([new SqliteMigration(1, "other", "CREATE TABLE other_things (x INTEGER);")], NullLogger.Instance, TimeProvider.System, "other_migrations");
            Assert.Equal(1, await other.MigrateAsync(connection, ct));
        }
        Assert.Equal((long)ProgressMigrations.All.Count, db.Scalar("SELECT MAX(version) FROM schema_migrations;"));
        Assert.Equal(1L, db.Scalar("SELECT MAX(version) FROM other_migrations;"));
        Assert.Throws<ArgumentException>(() => new SqliteMigrator([], NullLogger.Instance, TimeProvider.System, "x; DROP TABLE learners"));
    }

    [Fact]
    public void Migrations_must_be_numbered_without_gaps()
    {
        var gap = new[] { new SqliteMigration(1, "a", "SELECT 1;"), new SqliteMigration(3, "c", "SELECT 1;") };
        Assert.Throws<ArgumentException>(() => new SqliteMigrator(gap, NullLogger.Instance, TimeProvider.System));
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_half_applied()
    {
        using var db = new TempDatabase();
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.GetDirectoryName(db.FilePath)!);
        var broken = ProgressMigrations.All.Take(1)
            .Append(new SqliteMigration(2, "broken", "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;"))
            .ToList();
        using (var connection = db.OpenRaw())
        {
            var migrator = new SqliteMigrator(broken, NullLogger.Instance, TimeProvider.System);
            await Assert.ThrowsAnyAsync<Exception>(() => migrator.MigrateAsync(connection, ct));
        }

        Assert.Equal(1L, db.Scalar("SELECT MAX(version) FROM schema_migrations;"));
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half';"));
    }
}
