using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// An instance handed to a worker. Locks live in memory: the database file belongs to one process (an
/// owner lock file enforces it), so a lock never has to outlive it, and taking one costs no commit.
/// </summary>
internal sealed class OrchestrationLock(
    TaskOrchestrationWorkItem workItem, string executionId, string queue, IReadOnlyList<long> messages, DateTime lockedUntilUtc)
{
    public TaskOrchestrationWorkItem WorkItem { get; } = workItem;

    /// <summary>Gets the execution the history was read for; a checkpoint for another one is stale.</summary>
    public string ExecutionId { get; } = executionId;

    public string Queue { get; } = queue;

    /// <summary>Gets the inbox rows handed out in the work item: exactly these are deleted by the checkpoint.</summary>
    public IReadOnlyList<long> Messages { get; } = messages;

    public DateTime LockedUntilUtc { get; set; } = lockedUntilUtc;

    /// <summary>Gets or sets whether its checkpoint is being committed; such a lock does not expire.</summary>
    public bool Completing { get; set; }
}
