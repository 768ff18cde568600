using DurableTask.Core;

namespace DurableFlows.Sidecar;

/// <summary>Everything one orchestration episode writes to the store, in one call.</summary>
internal sealed record Checkpoint(
    OrchestrationRuntimeState RuntimeState,
    List<TaskMessage> ActivityMessages,
    List<TaskMessage> OrchestratorMessages,
    List<TaskMessage> TimerMessages,
    TaskMessage? ContinuedAsNewMessage,
    OrchestrationState State);
