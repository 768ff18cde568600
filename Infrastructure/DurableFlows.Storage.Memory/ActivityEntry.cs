using DurableTask.Core;

namespace DurableFlows.Storage.Memory;

/// <summary>One scheduled activity held in memory. Guarded by the service's gate.</summary>
internal sealed class ActivityEntry(string id, string queue, TaskMessage message)
{
    public string Id { get; } = id;

    public string Queue { get; } = queue;

    public TaskMessage Message { get; } = message;

    public TaskActivityWorkItem? LockedBy { get; set; }

    public int DequeueCount { get; set; }
}
