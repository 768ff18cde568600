using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>An activity claimed by a worker (in memory, like <see cref="OrchestrationLock"/>).</summary>
internal sealed class ActivityLock(long id, string queue, DateTime lockedUntilUtc)
{
    public long Id { get; } = id;

    public string Queue { get; } = queue;

    /// <summary>Gets or sets the work item handed out; null while it is being read.</summary>
    public TaskActivityWorkItem? WorkItem { get; set; }

    public DateTime LockedUntilUtc { get; set; } = lockedUntilUtc;

    /// <summary>Gets or sets the rollback epoch it was claimed in; a failed commit since then makes its completion stale.</summary>
    public long Epoch { get; set; }

    /// <summary>Gets or sets whether its completion is being committed; such a lock does not expire.</summary>
    public bool Completing { get; set; }

    /// <summary>Gets or sets whether its completion was applied: what it was handed is gone, so its delivery need not be counted.</summary>
    public bool Consumed { get; set; }
}
