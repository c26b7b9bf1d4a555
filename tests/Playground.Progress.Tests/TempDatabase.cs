using Microsoft.Data.Sqlite;

namespace Playground.Progress.Tests;

/// <summary>A real SQLite file in its own temporary folder, deleted with the fixture.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "playground-progress-tests", Guid.NewGuid().ToString("N"));
        // Nested and not yet created: the store must create it.
        FilePath = Path.Combine(Folder, "data", "playground.db");
    }

    public string Folder { get; }
    public string FilePath { get; }
    public string ConnectionString => $"Data Source={FilePath}";

    public SqliteProgressStore OpenStore(TimeProvider? time = null) =>
        new(new ProgressStoreOptions { ConnectionString = ConnectionString }, time: time);

    /// <summary>A raw connection for looking at the file the way an operator would (no pooling, so it closes).</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = OpenRaw();
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
