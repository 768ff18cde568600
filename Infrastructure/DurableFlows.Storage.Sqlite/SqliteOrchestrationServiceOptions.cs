namespace DurableFlows.Storage.Sqlite;

/// <summary>Settings of the SQLite backend. The service copies them when it is created.</summary>
public sealed class SqliteOrchestrationServiceOptions
{
    /// <summary>Gets or sets the database file. Its folder is created when missing.</summary>
    public required string Path { get; set; }

    /// <summary>Gets or sets how hard commits are pushed to disk. Default <see cref="SqliteDurability.Full"/>.</summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;

    /// <summary>Gets or sets how long a locked work item stays locked without renewal. Default 2 minutes.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how many times a message or activity may be handed out without being completed. The
    /// next delivery fails the instance or the activity instead (poison message). Default 10.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 10;

    /// <summary>
    /// Gets or sets the length above which a string (an input, output or result) is stored once in the
    /// payload table instead of inline in its row. Default 4096 characters.
    /// </summary>
    public int PayloadThreshold { get; set; } = 4096;

    /// <summary>
    /// Gets or sets how long start-up waits for another process's lock on the file before it reports the file
    /// as locked. Default 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how often a waiting worker looks again without being signalled, so that locks that
    /// expired are picked up. Default 1 second.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how many running instances keep their decoded history in memory between episodes, so
    /// that an episode needs no query. 0 keeps only the histories whose checkpoint is still being committed.
    /// Default 1000.
    /// </summary>
    public int HistoryCacheSize { get; set; } = 1000;

    /// <summary>Gets or sets the largest number of write operations committed together. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the newest schema version to migrate to; <see langword="null"/> for the newest this build has.
    /// Tests use it to create databases of an older schema.
    /// </summary>
    internal int? SchemaVersion { get; set; }

    internal SqliteOrchestrationServiceOptions Copy() => (SqliteOrchestrationServiceOptions)MemberwiseClone();
}
