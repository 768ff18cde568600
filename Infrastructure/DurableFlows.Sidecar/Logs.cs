using Microsoft.Extensions.Logging;

namespace DurableFlows.Sidecar;

/// <summary>Log events of the sidecar, with stable ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Worker {SessionId} connected on queue '{Queue}' ({Filters}).")]
    public static partial void WorkerConnected(this ILogger logger, string sessionId, string queue, string filters);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Worker {SessionId} on queue '{Queue}' disconnected; {Count} work items it held were handed back.")]
    public static partial void WorkerDisconnected(this ILogger logger, string sessionId, string queue, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Worker refused on queue '{Queue}': {Reason}")]
    public static partial void WorkerRefused(this ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Fetching work for worker {SessionId} failed; retrying.")]
    public static partial void FetchFailed(this ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Renewing the lock of {Kind} work item '{Id}' failed.")]
    public static partial void RenewFailed(this ILogger logger, Exception exception, string kind, string id);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Handing back {Kind} work item '{Id}' failed.")]
    public static partial void AbandonFailed(this ILogger logger, Exception exception, string kind, string id);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Sidecar listening on {Address} over the '{Backend}' storage provider.")]
    public static partial void Listening(this ILogger logger, string address, string backend);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Instance '{InstanceId}' was terminated; {Count} sub-orchestrations are terminated with it.")]
    public static partial void TerminatingChildren(this ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Dropped a work item of instance '{InstanceId}' that has no start event and no start message.")]
    public static partial void DroppedOrphanWorkItem(this ILogger logger, string instanceId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Purged {Count} instances (first: {InstanceIds}), but what is kept about them outside the store was not cleaned up; the purge stands.")]
    public static partial void PurgeListenerFailed(this ILogger logger, Exception exception, int count, string instanceIds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Purged {Count} instances by filter, but the '{Backend}' storage provider does not name them, so what is kept about them outside the store (payload objects) stays.")]
    public static partial void PurgedInstancesUnnamed(this ILogger logger, int count, string backend);
}
