using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Sqlite;

/// <summary>Log events of the SQLite backend.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened SQLite store '{Path}' (schema version {Version}, durability {Durability}).")]
    public static partial void Opened(this ILogger logger, string path, int version, SqliteDurability durability);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Migrated SQLite store '{Path}' to schema version {Version} ({Script}).")]
    public static partial void Migrated(this ILogger logger, string path, int version, string script);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "A commit of {Count} operations to '{Path}' failed and was rolled back: {Reason}")]
    public static partial void CommitFailed(this ILogger logger, string path, int count, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Dropped a {EventType} message for instance '{InstanceId}': {Reason}.")]
    public static partial void DroppedMessage(this ILogger logger, string eventType, string instanceId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped a checkpoint of instance '{InstanceId}': {Reason} (duplicate execution).")]
    public static partial void DroppedDuplicateCheckpoint(this ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Dropped a completion of activity work item '{Id}': its lock was lost (duplicate execution).")]
    public static partial void DroppedDuplicateActivityCompletion(this ILogger logger, string id);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Poison message: instance '{InstanceId}' was handed out {Count} times without a checkpoint (limit {Limit}); it is marked Failed.")]
    public static partial void PoisonInstance(this ILogger logger, string instanceId, int count, int limit);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Poison message: activity '{Name}' (work item {Id}) of instance '{InstanceId}' was handed out {Count} times without completing (limit {Limit}); it is failed.")]
    public static partial void PoisonActivity(this ILogger logger, string name, string id, string instanceId, int count, int limit);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "The lock on {Kind} work item '{Id}' expired; it is available again.")]
    public static partial void LockExpired(this ILogger logger, string kind, string id);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "A checkpoint of the write-ahead log of '{Path}' failed; it is retried later: {Reason}")]
    public static partial void CheckpointFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The in-memory view of '{Path}' (ready work, history cache, locks) failed to follow a write; it is rebuilt from the file.")]
    public static partial void InMemoryChangeFailed(this ILogger logger, string path, Exception error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Syncing the write-ahead log '{Path}' to disk failed; the writes it carried were reported as failed: {Reason}")]
    public static partial void LogSyncFailed(this ILogger logger, string path, string reason);
}
