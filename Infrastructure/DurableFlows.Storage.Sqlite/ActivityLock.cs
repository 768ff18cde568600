using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>An activity claimed by a worker.</summary>
internal sealed class ActivityLock(long id, string queue, DateTime lockedUntilUtc) : WorkItemLock(queue, lockedUntilUtc)
{
    public long Id { get; } = id;

    /// <summary>Gets or sets the work item handed out; null while it is being read.</summary>
    public TaskActivityWorkItem? WorkItem { get; set; }
}
