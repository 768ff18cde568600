using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage.Memory;

/// <summary>One orchestration instance held in memory. Guarded by the service's gate.</summary>
internal sealed class InstanceEntry(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public string? ExecutionId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Queue { get; set; } = WorkItemSelector.DefaultQueue;

    public List<HistoryEvent> History { get; set; } = [];

    public OrchestrationState? State { get; set; }

    /// <summary>Visible messages not yet handed to a worker, in arrival order.</summary>
    public List<TaskMessage> Inbox { get; } = [];

    /// <summary>The work item a worker holds now, or null when the instance is not locked.</summary>
    public TaskOrchestrationWorkItem? LockedBy { get; set; }

    public DateTime LockedUntilUtc { get; set; }

    public bool IsReady { get; set; }

    /// <summary>How many times the current messages were handed out without a checkpoint.</summary>
    public int Deliveries { get; set; }

    /// <summary>Whether a worker may take the instance: a pending one only once its start is visible.</summary>
    public bool HasVisibleStart =>
        History.Count > 0 || Inbox.Exists(m => m.Event is DurableTask.Core.History.ExecutionStartedEvent);

    public bool IsFinal => State is not null && IsFinalStatus(State.OrchestrationStatus);

    public static bool IsFinalStatus(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed
            or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;
}
