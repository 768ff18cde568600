using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>An instance claimed by a worker. It is claimed first and filled in once its history is found.</summary>
internal sealed class OrchestrationLock(string instanceId, string executionId, string queue, DateTime lockedUntilUtc)
    : WorkItemLock(queue, lockedUntilUtc)
{
    public string InstanceId { get; } = instanceId;

    /// <summary>Gets the execution the history was read for; a checkpoint for another one is stale.</summary>
    public string ExecutionId { get; } = executionId;

    /// <summary>Gets or sets the work item handed out; null while it is being read.</summary>
    public TaskOrchestrationWorkItem? WorkItem { get; set; }

    /// <summary>Gets or sets the inbox rows handed out in the work item: exactly these are deleted by the checkpoint.</summary>
    public IReadOnlyList<long> Messages { get; set; } = [];
}
