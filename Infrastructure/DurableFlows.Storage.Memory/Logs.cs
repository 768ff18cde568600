using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Memory;

/// <summary>Log events of the in-memory backend.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Dropped a {EventType} message for unknown instance '{InstanceId}'.")]
    public static partial void DroppedMessageForUnknownInstance(this ILogger logger, string eventType, string instanceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Dropped a {EventType} message for instance '{InstanceId}': it belongs to execution '{ExecutionId}', not the current one.")]
    public static partial void DroppedStaleMessage(this ILogger logger, string eventType, string instanceId, string? executionId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Dropped a checkpoint of instance '{InstanceId}': its lock was lost and another worker owns it now (duplicate execution).")]
    public static partial void DroppedDuplicateCheckpoint(this ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The lock on {Kind} work item '{Id}' expired; it is available again.")]
    public static partial void LockExpired(this ILogger logger, string kind, string id);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dropped a completion of activity work item '{Id}': its lock was lost (duplicate execution).")]
    public static partial void DroppedDuplicateActivityCompletion(this ILogger logger, string id);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Instance '{InstanceId}' failed as poison: its messages were handed out {Deliveries} times without a checkpoint (MaxDequeueCount = {MaxDequeueCount}).")]
    public static partial void PoisonInstance(this ILogger logger, string instanceId, int deliveries, int maxDequeueCount);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Activity '{Name}' (work item '{Id}' of instance '{InstanceId}') failed as poison: handed out {Deliveries} times without completing (MaxDequeueCount = {MaxDequeueCount}).")]
    public static partial void PoisonActivity(this ILogger logger, string name, string id, string instanceId, int deliveries, int maxDequeueCount);
}
