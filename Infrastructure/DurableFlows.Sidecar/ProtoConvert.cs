using DurableTask.Core;
using DurableTask.Core.History;
using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <summary>Translates between DurableTask.Core's types and the sidecar protocol's messages.</summary>
internal static class ProtoConvert
{
    public static Timestamp ToTimestamp(DateTime time) =>
        Timestamp.FromDateTime(time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static DateTime? ToDateTime(Timestamp? timestamp) => timestamp?.ToDateTime();

    public static P.OrchestrationStatus ToProto(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Running => P.OrchestrationStatus.Running,
        OrchestrationStatus.Completed => P.OrchestrationStatus.Completed,
        OrchestrationStatus.ContinuedAsNew => P.OrchestrationStatus.ContinuedAsNew,
        OrchestrationStatus.Failed => P.OrchestrationStatus.Failed,
        OrchestrationStatus.Canceled => P.OrchestrationStatus.Canceled,
        OrchestrationStatus.Terminated => P.OrchestrationStatus.Terminated,
        OrchestrationStatus.Pending => P.OrchestrationStatus.Pending,
        OrchestrationStatus.Suspended => P.OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an orchestration status of the protocol."),
    };

    public static OrchestrationStatus FromProto(P.OrchestrationStatus status) => status switch
    {
        P.OrchestrationStatus.Running => OrchestrationStatus.Running,
        P.OrchestrationStatus.Completed => OrchestrationStatus.Completed,
        P.OrchestrationStatus.ContinuedAsNew => OrchestrationStatus.ContinuedAsNew,
        P.OrchestrationStatus.Failed => OrchestrationStatus.Failed,
        P.OrchestrationStatus.Canceled => OrchestrationStatus.Canceled,
        P.OrchestrationStatus.Terminated => OrchestrationStatus.Terminated,
        P.OrchestrationStatus.Pending => OrchestrationStatus.Pending,
        P.OrchestrationStatus.Suspended => OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Expected a status from Running to Suspended."),
    };

    public static P.TaskFailureDetails? ToProto(FailureDetails? failure) => failure is null ? null : new P.TaskFailureDetails
    {
        ErrorType = failure.ErrorType ?? string.Empty,
        ErrorMessage = failure.ErrorMessage ?? string.Empty,
        StackTrace = failure.StackTrace,
        InnerFailure = ToProto(failure.InnerFailure),
        IsNonRetriable = failure.IsNonRetriable,
    };

    public static FailureDetails? FromProto(P.TaskFailureDetails? failure) => failure is null ? null : new FailureDetails(
        failure.ErrorType,
        failure.ErrorMessage,
        failure.StackTrace,
        FromProto(failure.InnerFailure),
        failure.IsNonRetriable);

    public static P.OrchestrationInstance ToProto(OrchestrationInstance instance) => new()
    {
        InstanceId = instance.InstanceId,
        ExecutionId = instance.ExecutionId,
    };

    public static P.OrchestrationState ToProto(OrchestrationState state, bool withInputsAndOutputs)
    {
        var proto = new P.OrchestrationState
        {
            InstanceId = state.OrchestrationInstance.InstanceId,
            ExecutionId = state.OrchestrationInstance.ExecutionId,
            Name = state.Name ?? string.Empty,
            Version = state.Version,
            OrchestrationStatus = ToProto(state.OrchestrationStatus),
            CreatedTimestamp = ToTimestamp(state.CreatedTime),
            LastUpdatedTimestamp = ToTimestamp(state.LastUpdatedTime),
            CustomStatus = state.Status,
            FailureDetails = ToProto(state.FailureDetails),
            ParentInstanceId = state.ParentInstance?.OrchestrationInstance?.InstanceId,
        };
        if (withInputsAndOutputs)
        {
            proto.Input = state.Input;
            proto.Output = state.Output;
        }

        if (state.ScheduledStartTime is { } scheduled)
        {
            proto.ScheduledStartTimestamp = ToTimestamp(scheduled);
        }

        if (state.CompletedTime != default && state.CompletedTime != DateTime.MaxValue && state.CompletedTime.Year > 1601)
        {
            proto.CompletedTimestamp = ToTimestamp(state.CompletedTime);
        }

        if (state.Tags is not null)
        {
            proto.Tags.Add(state.Tags);
        }

        return proto;
    }

    /// <summary>Converts a history event for a worker. Events the protocol has no place for come back null.</summary>
    public static P.HistoryEvent? ToProto(HistoryEvent e)
    {
        var proto = new P.HistoryEvent { EventId = e.EventId, Timestamp = ToTimestamp(e.Timestamp) };
        switch (e)
        {
            case ExecutionStartedEvent started:
                proto.ExecutionStarted = new P.ExecutionStartedEvent
                {
                    Name = started.Name ?? string.Empty,
                    Version = started.Version,
                    Input = started.Input,
                    OrchestrationInstance = ToProto(started.OrchestrationInstance),
                    ParentInstance = started.ParentInstance is { } parent ? new P.ParentInstanceInfo
                    {
                        TaskScheduledId = parent.TaskScheduleId,
                        Name = parent.Name,
                        Version = parent.Version,
                        OrchestrationInstance = ToProto(parent.OrchestrationInstance),
                    } : null,
                    ScheduledStartTimestamp = started.ScheduledStartTime is { } at ? ToTimestamp(at) : null,
                };
                if (started.Tags is not null)
                {
                    proto.ExecutionStarted.Tags.Add(started.Tags);
                }

                break;
            case ContinueAsNewEvent continued:
                proto.ContinueAsNew = new P.ContinueAsNewEvent { Input = continued.Result };
                break;
            case ExecutionCompletedEvent completed:
                proto.ExecutionCompleted = new P.ExecutionCompletedEvent
                {
                    OrchestrationStatus = ToProto(completed.OrchestrationStatus),
                    Result = completed.Result,
                    FailureDetails = ToProto(completed.FailureDetails),
                };
                break;
            case ExecutionTerminatedEvent terminated:
                proto.ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = terminated.Input };
                break;
            case ExecutionSuspendedEvent suspended:
                proto.ExecutionSuspended = new P.ExecutionSuspendedEvent { Input = suspended.Reason };
                break;
            case ExecutionResumedEvent resumed:
                proto.ExecutionResumed = new P.ExecutionResumedEvent { Input = resumed.Reason };
                break;
            case TaskScheduledEvent scheduled:
                proto.TaskScheduled = new P.TaskScheduledEvent { Name = scheduled.Name ?? string.Empty, Version = scheduled.Version, Input = scheduled.Input };
                break;
            case TaskCompletedEvent completed:
                proto.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = completed.TaskScheduledId, Result = completed.Result };
                break;
            case TaskFailedEvent failed:
                proto.TaskFailed = new P.TaskFailedEvent
                {
                    TaskScheduledId = failed.TaskScheduledId,
                    FailureDetails = ToProto(failed.FailureDetails ?? new FailureDetails(failed.Reason ?? "TaskFailed", failed.Details ?? string.Empty, null, null, false)),
                };
                break;
            case SubOrchestrationInstanceCreatedEvent created:
                proto.SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent
                {
                    InstanceId = created.InstanceId ?? string.Empty,
                    Name = created.Name ?? string.Empty,
                    Version = created.Version,
                    Input = created.Input,
                };
                break;
            case SubOrchestrationInstanceCompletedEvent completed:
                proto.SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent { TaskScheduledId = completed.TaskScheduledId, Result = completed.Result };
                break;
            case SubOrchestrationInstanceFailedEvent failed:
                proto.SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent
                {
                    TaskScheduledId = failed.TaskScheduledId,
                    FailureDetails = ToProto(failed.FailureDetails ?? new FailureDetails(failed.Reason ?? "SubOrchestrationFailed", failed.Details ?? string.Empty, null, null, false)),
                };
                break;
            case TimerCreatedEvent timer:
                proto.TimerCreated = new P.TimerCreatedEvent { FireAt = ToTimestamp(timer.FireAt) };
                break;
            case TimerFiredEvent fired:
                proto.TimerFired = new P.TimerFiredEvent { FireAt = ToTimestamp(fired.FireAt), TimerId = fired.TimerId };
                break;
            case OrchestratorStartedEvent:
                proto.OrchestratorStarted = new P.OrchestratorStartedEvent();
                break;
            case OrchestratorCompletedEvent:
                proto.OrchestratorCompleted = new P.OrchestratorCompletedEvent();
                break;
            case EventSentEvent sent:
                proto.EventSent = new P.EventSentEvent { InstanceId = sent.InstanceId ?? string.Empty, Name = sent.Name ?? string.Empty, Input = sent.Input };
                break;
            case EventRaisedEvent raised:
                proto.EventRaised = new P.EventRaisedEvent { Name = raised.Name ?? string.Empty, Input = raised.Input };
                break;
            case GenericEvent generic:
                proto.GenericEvent = new P.GenericEvent { Data = generic.Data };
                break;
            default:
                return null;
        }

        return proto;
    }

    /// <summary>Converts an event a worker sent back (carried-over events of continue-as-new).</summary>
    public static HistoryEvent? FromProto(P.HistoryEvent e) => e.EventTypeCase switch
    {
        P.HistoryEvent.EventTypeOneofCase.EventRaised => new EventRaisedEvent(-1, e.EventRaised.Input) { Name = e.EventRaised.Name },
        P.HistoryEvent.EventTypeOneofCase.ExecutionSuspended => new ExecutionSuspendedEvent(-1, e.ExecutionSuspended.Input),
        P.HistoryEvent.EventTypeOneofCase.ExecutionResumed => new ExecutionResumedEvent(-1, e.ExecutionResumed.Input),
        P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated => new ExecutionTerminatedEvent(-1, e.ExecutionTerminated.Input),
        P.HistoryEvent.EventTypeOneofCase.GenericEvent => new GenericEvent(-1, e.GenericEvent.Data),
        _ => null,
    };
}
