using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage.Sqlite;

/// <summary>One row of the Inbox table as <see cref="ReadyWork"/> keeps it: the decoded message and where it is due.</summary>
internal sealed class InboxEntry(long sequenceNumber, string instanceId, string? executionId, string queue, long visibleAt, TaskMessage message)
{
    public long SequenceNumber { get; } = sequenceNumber;

    public string InstanceId { get; } = instanceId;

    /// <summary>Gets the execution the message is addressed to; null for any.</summary>
    public string? ExecutionId { get; } = executionId;

    public string Queue { get; } = queue;

    /// <summary>Gets the UTC ticks from which it may be handed out (timers and scheduled starts wait).</summary>
    public long VisibleAt { get; } = visibleAt;

    public TaskMessage Message { get; } = message;

    public bool IsStart => Message.Event.EventType == EventType.ExecutionStarted;

    /// <summary>Gets or sets how often it was handed to a worker without a checkpoint consuming it.</summary>
    public int Deliveries { get; set; }
}
