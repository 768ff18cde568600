using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>An activity handed to a worker (in memory, like <see cref="OrchestrationLock"/>).</summary>
internal sealed class ActivityLock(TaskActivityWorkItem workItem, string queue)
{
    public TaskActivityWorkItem WorkItem { get; } = workItem;

    public string Queue { get; } = queue;

    /// <summary>Gets or sets whether its completion is being committed; such a lock does not expire.</summary>
    public bool Completing { get; set; }
}
