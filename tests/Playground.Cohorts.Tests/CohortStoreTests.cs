using Microsoft.Data.Sqlite;
using Playground.Progress;

namespace Playground.Cohorts.Tests;

/// <summary>A real SQLite file per test, deleted afterwards.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(TimeProvider? time = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "playground-cohort-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "data", "playground.db");
        Store = new CohortStore(new CohortStoreOptions { ConnectionString = $"Data Source={FilePath}" }, time: time);
    }

    public string Folder { get; }
    public string FilePath { get; }
    public CohortStore Store { get; }

    public object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}

public sealed class SettableTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

public class CohortMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_database_gets_every_cohort_table_under_its_own_version_table()
    {
        using var db = new TempStore();
        await db.Store.InitializeAsync(Ct);

        Assert.Equal((long)CohortMigrations.All.Count, db.Scalar($"SELECT MAX(version) FROM {CohortMigrations.Table};"));
        foreach (var table in new[] { "instructors", "instructor_sign_in_links", "cohorts", "cohort_members", "instructor_actions" })
            Assert.Equal(1L, db.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        Assert.Equal("wal", db.Scalar("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Cohort_and_progress_migrations_share_one_file_and_restarts_apply_nothing_twice()
    {
        using var db = new TempStore();
        await using (var progress = new SqliteProgressStore(new ProgressStoreOptions { ConnectionString = $"Data Source={db.FilePath}" }))
            await progress.InitializeAsync(Ct);
        await db.Store.InitializeAsync(Ct);
        var applied = db.Scalar($"SELECT group_concat(version || '@' || applied_at) FROM {CohortMigrations.Table};");

        var again = new CohortStore(new CohortStoreOptions { ConnectionString = $"Data Source={db.FilePath}" });
        await again.InitializeAsync(Ct);

        Assert.Equal(applied, db.Scalar($"SELECT group_concat(version || '@' || applied_at) FROM {CohortMigrations.Table};"));
        Assert.True((long)db.Scalar("SELECT MAX(version) FROM schema_migrations;")! >= 3);
    }
}

public class CohortStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static CohortDraft Draft(int seats = 30, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new("Bootcamp A", ["getting-started"], start, end, seats, SandboxQuota: 2);

    [Fact]
    public async Task A_sign_in_link_works_once_and_the_password_is_hashed()
    {
        using var db = new TempStore();
        var instructor = await db.Store.AddInstructorAsync("ada", Ct);
        var token = await db.Store.CreateSignInTokenAsync(instructor.Id, Ct);

        Assert.NotNull(await db.Store.RedeemSignInTokenAsync(token, "correct horse battery", Ct));
        Assert.Null(await db.Store.RedeemSignInTokenAsync(token, "another password!", Ct));
        Assert.NotNull(await db.Store.VerifyPasswordAsync("ADA", "correct horse battery", Ct));
        Assert.Null(await db.Store.VerifyPasswordAsync("ada", "wrong password", Ct));
        var stored = (string)db.Scalar("SELECT password_hash FROM instructors;")!;
        Assert.DoesNotContain("horse", stored);
        Assert.Equal(0L, db.Scalar($"SELECT COUNT(*) FROM instructor_sign_in_links WHERE token_hash = '{token}';"));
        await Assert.ThrowsAsync<CohortException>(() => db.Store.AddInstructorAsync("Ada", Ct));
    }

    [Fact]
    public async Task An_expired_sign_in_link_is_refused()
    {
        var time = new SettableTime(T0);
        using var db = new TempStore(time);
        var instructor = await db.Store.AddInstructorAsync("ada", Ct);
        var token = await db.Store.CreateSignInTokenAsync(instructor.Id, Ct);
        time.Now = T0.AddDays(2);
        Assert.Null(await db.Store.RedeemSignInTokenAsync(token, "correct horse battery", Ct));
    }

    [Fact]
    public async Task Joining_checks_code_seats_and_window_and_keeps_the_resume_code()
    {
        var time = new SettableTime(T0);
        using var db = new TempStore(time);
        var cohort = await db.Store.CreateCohortAsync(Draft(seats: 2, end: T0.AddHours(8)), "ada", Ct);
        string a = LearnerIds.New(), b = LearnerIds.New(), c = LearnerIds.New();

        var (_, joined) = await db.Store.JoinAsync(cohort.JoinCode!.ToLowerInvariant(), a, " Kim ", Ct);
        var (_, renamed) = await db.Store.JoinAsync(cohort.JoinCode, a, "Kim Minji", Ct);
        await db.Store.JoinAsync(cohort.JoinCode, b, "Lee", Ct);
        var full = await Assert.ThrowsAsync<CohortException>(() => db.Store.JoinAsync(cohort.JoinCode, c, "Park", Ct));
        var wrong = await Assert.ThrowsAsync<CohortException>(() => db.Store.JoinAsync("WRONGCODE", c, "Park", Ct));

        Assert.Equal("Kim", joined.DisplayName);
        Assert.Equal(joined.ResumeCode, renamed.ResumeCode);
        Assert.Equal("Kim Minji", renamed.DisplayName);
        Assert.Equal(CohortRefusal.Full, full.Refusal);
        Assert.Equal(CohortRefusal.Closed, wrong.Refusal);
        Assert.Equal(a, (await db.Store.FindByResumeCodeAsync(joined.ResumeCode.ToLowerInvariant(), Ct))!.LearnerId);

        time.Now = T0.AddHours(9);
        var ended = await Assert.ThrowsAsync<CohortException>(() => db.Store.JoinAsync(cohort.JoinCode, c, "Park", Ct));
        Assert.Contains("ended", ended.Message);
    }

    [Fact]
    public async Task Concurrent_joins_never_overfill_a_cohort()
    {
        using var db = new TempStore();
        var cohort = await db.Store.CreateCohortAsync(Draft(seats: 5), "ada", Ct);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try { await db.Store.JoinAsync(cohort.JoinCode, LearnerIds.New(), $"s{i}", Ct); return true; }
            catch (CohortException) { return false; }
        })));
        Assert.Equal(5, results.Count(r => r));
        Assert.Equal(5, (await db.Store.ListMembersAsync(cohort.Id, Ct)).Count);
    }

    [Fact]
    public async Task Rotating_or_closing_the_code_stops_the_old_one()
    {
        using var db = new TempStore();
        var cohort = await db.Store.CreateCohortAsync(Draft(), "ada", Ct);
        var rotated = await db.Store.RotateJoinCodeAsync(cohort.Id, Ct);
        Assert.NotEqual(cohort.JoinCode, rotated.JoinCode);
        Assert.Null(await db.Store.FindByJoinCodeAsync(cohort.JoinCode, Ct));
        Assert.NotNull(await db.Store.FindByJoinCodeAsync(rotated.JoinCode, Ct));
        var closed = await db.Store.CloseJoinCodeAsync(cohort.Id, Ct);
        Assert.Null(closed.JoinCode);
        Assert.Null(await db.Store.FindByJoinCodeAsync(rotated.JoinCode, Ct));
    }

    [Fact]
    public async Task Bad_cohort_input_is_refused_with_a_message()
    {
        using var db = new TempStore();
        var noName = await Assert.ThrowsAsync<CohortException>(() => db.Store.CreateCohortAsync(Draft() with { Name = " " }, "ada", Ct));
        var backwards = await Assert.ThrowsAsync<CohortException>(() => db.Store.CreateCohortAsync(Draft(start: T0, end: T0.AddHours(-1)), "ada", Ct));
        var badOpens = await Assert.ThrowsAsync<CohortException>(() => db.Store.CreateCohortAsync(Draft() with { Opens = ["../etc"] }, "ada", Ct));
        Assert.Contains("name", noName.Message);
        Assert.Contains("end after", backwards.Message);
        Assert.Contains("not a track", badOpens.Message);
    }

    [Fact]
    public void Windows_and_lessons_of_a_cohort()
    {
        var cohort = new Cohort("c", "n", ["docker", "k8s/pods"], T0, T0.AddHours(2), 10, null, null, null, "X", "ada", T0);
        Assert.Equal(CohortWindow.NotStarted, cohort.WindowAt(T0.AddMinutes(-1)));
        Assert.Equal(CohortWindow.Open, cohort.WindowAt(T0));
        Assert.Equal(CohortWindow.Ended, cohort.WindowAt(T0.AddHours(2)));
        Assert.True(cohort.OpensLesson("docker/images"));
        Assert.True(cohort.OpensLesson("k8s/pods"));
        Assert.False(cohort.OpensLesson("k8s/services"));
        Assert.False(cohort.OpensLesson("dockerish/x"));
    }

    [Fact]
    public async Task Instructor_actions_are_listed_newest_first_with_the_instructor_name()
    {
        using var db = new TempStore();
        var ada = await db.Store.AddInstructorAsync("ada", Ct);
        var cohort = await db.Store.CreateCohortAsync(Draft(), ada.Id, Ct);
        await db.Store.RecordActionAsync(ada, cohort.Id, "create-cohort", cohort.Name, ct: Ct);
        await db.Store.RecordActionAsync(ada, cohort.Id, "broadcast", detail: "break until 11:00", ct: Ct);
        var actions = await db.Store.ListActionsAsync(cohort.Id, ct: Ct);
        Assert.Equal(["broadcast", "create-cohort"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal("ada", a.InstructorName));
    }
}
