using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage;

/// <summary>The <see cref="OrchestrationState"/> a backend records for an instance, built the same way by every backend.</summary>
public static class OrchestrationStates
{
    /// <summary>The state of an instance whose start message was just delivered: Pending until a worker runs it.</summary>
    public static OrchestrationState Pending(ExecutionStartedEvent started, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(started);
        return new OrchestrationState
        {
            OrchestrationInstance = started.OrchestrationInstance,
            Name = started.Name,
            Version = started.Version,
            Input = started.Input,
            Tags = started.Tags,
            ParentInstance = started.ParentInstance,
            OrchestrationStatus = OrchestrationStatus.Pending,
            CreatedTime = now,
            LastUpdatedTime = now,
            ScheduledStartTime = started.ScheduledStartTime,
            CompletedTime = DateTime.MaxValue,
        };
    }

    /// <summary>A copy of a state for one reader, so that readers never share (and change) one object.</summary>
    public static OrchestrationState Copy(OrchestrationState state, bool withInputsAndOutputs)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new OrchestrationState
        {
            OrchestrationInstance = state.OrchestrationInstance,
            Name = state.Name,
            Version = state.Version,
            Input = withInputsAndOutputs ? state.Input : null,
            Output = withInputsAndOutputs ? state.Output : null,
            Status = state.Status,
            Tags = state.Tags,
            ParentInstance = state.ParentInstance,
            OrchestrationStatus = state.OrchestrationStatus,
            CreatedTime = state.CreatedTime,
            CompletedTime = state.CompletedTime,
            LastUpdatedTime = state.LastUpdatedTime,
            ScheduledStartTime = state.ScheduledStartTime,
            FailureDetails = state.FailureDetails,
            Size = state.Size,
            CompressedSize = state.CompressedSize,
            Generation = state.Generation,
        };
    }

    /// <summary>The state after a checkpoint, read from the runtime state the worker completed with.</summary>
    public static OrchestrationState Of(OrchestrationRuntimeState runtimeState, DateTime createdTime, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(runtimeState);
        return new OrchestrationState
        {
            OrchestrationInstance = runtimeState.OrchestrationInstance,
            Name = runtimeState.Name,
            Version = runtimeState.Version,
            Input = runtimeState.Input,
            Output = runtimeState.Output,
            Status = runtimeState.Status,
            Tags = runtimeState.Tags,
            ParentInstance = runtimeState.ParentInstance,
            OrchestrationStatus = runtimeState.OrchestrationStatus,
            CreatedTime = createdTime,
            CompletedTime = runtimeState.CompletedTime,
            LastUpdatedTime = now,
            FailureDetails = runtimeState.FailureDetails,
        };
    }
}
