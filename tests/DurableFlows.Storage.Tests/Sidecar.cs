using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;

namespace DurableFlows.Storage.Tests;

/// <summary>
/// Plays the sidecar's part against a backend: builds the messages and runtime states it would pass to
/// <see cref="IOrchestrationService"/>, without running orchestrator code.
/// </summary>
public static class Sidecar
{
    /// <summary>A creation message for an instance on a queue.</summary>
    public static TaskMessage Start(string instanceId, string name, string? queue = null, string? input = null, DateTime? scheduledStart = null)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var started = new ExecutionStartedEvent(-1, input)
        {
            Name = name,
            OrchestrationInstance = instance,
            Tags = new Dictionary<string, string>(),
            ScheduledStartTime = scheduledStart,
        };
        if (queue is not null)
        {
            started.Tags[InstanceTags.Queue] = queue;
        }

        return new TaskMessage { OrchestrationInstance = instance, Event = started };
    }

    /// <summary>A message for an instance.</summary>
    public static TaskMessage Message(string instanceId, HistoryEvent e, string? executionId = null) =>
        new() { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId }, Event = e };

    /// <summary>
    /// Runs one episode: the work item's messages become history between OrchestratorStarted and
    /// OrchestratorCompleted, with the events the orchestrator produced.
    /// </summary>
    public static OrchestrationRuntimeState Run(TaskOrchestrationWorkItem item, params HistoryEvent[] produced)
    {
        var state = item.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (var message in item.NewMessages)
        {
            state.AddEvent(message.Event);
        }

        foreach (var e in produced)
        {
            state.AddEvent(e);
        }

        state.AddEvent(new OrchestratorCompletedEvent(-1));
        return state;
    }

    /// <summary>The activity messages for TaskScheduled events, as the dispatcher sends them.</summary>
    public static List<TaskMessage> Schedule(TaskOrchestrationWorkItem item, params TaskScheduledEvent[] scheduled) =>
        [.. scheduled.Select(s => new TaskMessage { OrchestrationInstance = InstanceOf(item), Event = s })];

    /// <summary>The instance and execution a work item is for, from its history or, on its first episode, its start message.</summary>
    public static OrchestrationInstance InstanceOf(TaskOrchestrationWorkItem item) =>
        item.OrchestrationRuntimeState.OrchestrationInstance
            ?? item.NewMessages.Select(m => m.Event).OfType<ExecutionStartedEvent>().First().OrchestrationInstance;

    /// <summary>The history a client reads.</summary>
    public static async Task<List<HistoryEvent>> HistoryAsync(IOrchestrationServiceClient client, string instanceId) =>
        JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await client.GetOrchestrationHistoryAsync(instanceId, null!)) ?? [];
}
