namespace Playground.Progress;

/// <summary>Where the progress store keeps its SQLite file.</summary>
public sealed class ProgressStoreOptions
{
    /// <summary>A Microsoft.Data.Sqlite connection string; the folder of the data source is created on start.</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/playground.db";

    /// <summary>How long one operation waits for another writer before failing with SQLITE_BUSY.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
