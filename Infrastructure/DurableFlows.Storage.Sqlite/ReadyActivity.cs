using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>One row of the Activities table as <see cref="ReadyWork"/> keeps it.</summary>
internal sealed class ReadyActivity(long id, string instanceId, string queue, string name, TaskMessage message)
{
    public long Id { get; } = id;

    public string InstanceId { get; } = instanceId;

    public string Queue { get; } = queue;

    public string Name { get; } = name;

    public TaskMessage Message { get; } = message;

    /// <summary>Gets or sets whether a worker holds it; it is then out of its queue.</summary>
    public bool Claimed { get; set; }

    /// <summary>Gets or sets how often it was handed to a worker without completing.</summary>
    public int Deliveries { get; set; }
}
