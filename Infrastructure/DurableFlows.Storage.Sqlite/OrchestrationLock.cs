using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// An instance claimed by a worker. Locks live in memory: the database file belongs to one process (an
/// owner lock file enforces it), so a lock never has to outlive it, and taking one costs no commit. A
/// lock is claimed first and filled in once its history is found.
/// </summary>
internal sealed class OrchestrationLock(string instanceId, string executionId, string queue, DateTime lockedUntilUtc)
{
    public string InstanceId { get; } = instanceId;

    /// <summary>Gets the execution the history was read for; a checkpoint for another one is stale.</summary>
    public string ExecutionId { get; } = executionId;

    public string Queue { get; } = queue;

    /// <summary>Gets or sets the work item handed out; null while it is being read.</summary>
    public TaskOrchestrationWorkItem? WorkItem { get; set; }

    /// <summary>Gets or sets the inbox rows handed out in the work item: exactly these are deleted by the checkpoint.</summary>
    public IReadOnlyList<long> Messages { get; set; } = [];

    public DateTime LockedUntilUtc { get; set; } = lockedUntilUtc;

    /// <summary>Gets or sets the rollback epoch it was claimed in; a failed commit since then makes its completion stale.</summary>
    public long Epoch { get; set; }

    /// <summary>Gets or sets whether its checkpoint is being committed; such a lock does not expire.</summary>
    public bool Completing { get; set; }

    /// <summary>Gets or sets whether its completion was applied: what it was handed is gone, so its delivery need not be counted.</summary>
    public bool Consumed { get; set; }
}
