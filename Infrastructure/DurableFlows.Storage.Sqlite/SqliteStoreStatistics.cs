namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Counters of the single writer, for benchmarks and crash tests. At <see cref="SqliteDurability.Full"/>
/// every commit is on disk (fsync'd) before its callers are answered; one fsync may cover several commits.
/// </summary>
/// <param name="Commits">Transactions committed.</param>
/// <param name="Operations">Write operations (checkpoints, activity completions, creations...) committed.</param>
/// <param name="FailedCommits">Transactions that failed and were rolled back (for example on a full disk).</param>
/// <param name="DroppedDuplicates">Checkpoints and activity completions dropped as duplicate executions.</param>
/// <param name="PoisonMessages">Messages and activities failed because they were delivered too often.</param>
/// <param name="HistoryCacheHits">Orchestration work items whose history came from the cache instead of being read.</param>
/// <param name="LogSyncs">fsyncs of the write-ahead log at <see cref="SqliteDurability.Full"/>; one covers every commit made before it started.</param>
public sealed record SqliteStoreStatistics(
    long Commits, long Operations, long FailedCommits, long DroppedDuplicates, long PoisonMessages, long HistoryCacheHits, long LogSyncs);
