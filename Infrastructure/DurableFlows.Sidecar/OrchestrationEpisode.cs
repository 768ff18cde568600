using System.Text.Json;
using DurableFlows.Storage;
using DurableTask.Core;
using DurableTask.Core.History;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <summary>
/// One orchestration work item between the store and a worker: the events handed to the worker, and
/// the checkpoint built from the worker's actions. Everything the episode produces (history, activity
/// messages, messages to other instances, timers, the parent's notice) goes to the store in one
/// <see cref="IOrchestrationService.CompleteTaskOrchestrationWorkItemAsync"/> call.
/// </summary>
internal sealed class OrchestrationEpisode
{
    private readonly List<HistoryEvent> _newEvents;

    public OrchestrationEpisode(TaskOrchestrationWorkItem workItem, TimeProvider time)
    {
        WorkItem = workItem;
        _newEvents = [new OrchestratorStartedEvent(-1) { Timestamp = time.GetUtcNow().UtcDateTime }];

        // A start message goes first; the rest keep their arrival order.
        _newEvents.AddRange(workItem.NewMessages
            .OrderBy(m => m.Event is ExecutionStartedEvent ? 0 : 1)
            .Select(m => m.Event));
    }

    public TaskOrchestrationWorkItem WorkItem { get; }

    private OrchestrationRuntimeState State => WorkItem.OrchestrationRuntimeState;

    /// <summary>Whether the instance has a start event, in its history or among the new messages.</summary>
    public bool HasStart => State.ExecutionStartedEvent is not null || _newEvents.OfType<ExecutionStartedEvent>().Any();

    /// <summary>Whether the instance had already ended before this episode: its new messages are dropped.</summary>
    public bool AlreadyFinal => State.ExecutionStartedEvent is not null && State.ExecutionCompletedEvent is not null;

    /// <summary>The termination among the new messages, if any: the sidecar ends the instance itself.</summary>
    public ExecutionTerminatedEvent? Termination => _newEvents.OfType<ExecutionTerminatedEvent>().FirstOrDefault();

    public P.OrchestratorRequest ToRequest()
    {
        var instance = State.OrchestrationInstance ?? _newEvents.OfType<ExecutionStartedEvent>().First().OrchestrationInstance;
        var request = new P.OrchestratorRequest { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId };
        request.PastEvents.AddRange(State.Events.Select(ProtoConvert.ToProto).OfType<P.HistoryEvent>());
        request.NewEvents.AddRange(_newEvents.Select(ProtoConvert.ToProto).OfType<P.HistoryEvent>());
        return request;
    }

    /// <summary>Builds the checkpoint of an instance whose new messages include a termination.</summary>
    public Checkpoint Terminate(TimeProvider time)
    {
        AddNewEvents(upTo: Termination);
        var reason = Termination!.Input;
        State.AddEvent(new ExecutionCompletedEvent(-1, reason, OrchestrationStatus.Terminated));
        return Finish(time, [], [], [], null);
    }

    /// <summary>Builds the checkpoint of an instance that had ended: its late messages are consumed, nothing changes.</summary>
    public Checkpoint Unchanged(TimeProvider time) =>
        new(State, [], [], [], null, BuildState(time.GetUtcNow().UtcDateTime));

    /// <summary>Applies the worker's actions and builds the checkpoint.</summary>
    public Checkpoint Apply(P.OrchestratorResponse response, TimeProvider time)
    {
        AddNewEvents(upTo: null);
        State.Status = response.CustomStatus;
        var activities = new List<TaskMessage>();
        var messages = new List<TaskMessage>();
        var timers = new List<TaskMessage>();
        TaskMessage? continuedAsNew = null;
        var self = State.OrchestrationInstance!;
        foreach (var action in response.Actions)
        {
            switch (action.OrchestratorActionTypeCase)
            {
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                    var task = action.ScheduleTask;
                    var scheduled = new TaskScheduledEvent(action.Id, task.Name, task.Version, task.Input);
                    State.AddEvent(scheduled);
                    activities.Add(new TaskMessage { OrchestrationInstance = self, Event = scheduled });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration:
                    messages.Add(StartSubOrchestration(action.Id, action.CreateSubOrchestration));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                    var fireAt = action.CreateTimer.FireAt.ToDateTime();
                    State.AddEvent(new TimerCreatedEvent(action.Id, fireAt));
                    timers.Add(new TaskMessage { OrchestrationInstance = self, Event = new TimerFiredEvent(-1, fireAt) { TimerId = action.Id } });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent:
                    var send = action.SendEvent;
                    State.AddEvent(new EventSentEvent(action.Id) { InstanceId = send.Instance.InstanceId, Name = send.Name, Input = send.Data });
                    messages.Add(new TaskMessage
                    {
                        OrchestrationInstance = new OrchestrationInstance { InstanceId = send.Instance.InstanceId },
                        Event = new EventRaisedEvent(-1, send.Data) { Name = send.Name },
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.TerminateOrchestration:
                    messages.Add(new TaskMessage
                    {
                        OrchestrationInstance = new OrchestrationInstance { InstanceId = action.TerminateOrchestration.InstanceId },
                        Event = new ExecutionTerminatedEvent(-1, action.TerminateOrchestration.Reason),
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                    continuedAsNew = Complete(action.Id, action.CompleteOrchestration, messages);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Orchestration '{self.InstanceId}' returned a {action.OrchestratorActionTypeCase} action; this sidecar supports tasks, sub-orchestrations, timers, events, termination and completion.");
            }
        }

        return Finish(time, activities, messages, timers, continuedAsNew);
    }

    private void AddNewEvents(HistoryEvent? upTo)
    {
        foreach (var e in _newEvents)
        {
            if (e is ExecutionStartedEvent && State.ExecutionStartedEvent is not null)
            {
                continue; // A duplicate start (re-delivered creation) must not corrupt the history.
            }

            State.AddEvent(e);
            if (ReferenceEquals(e, upTo))
            {
                break;
            }
        }
    }

    private TaskMessage StartSubOrchestration(int id, P.CreateSubOrchestrationAction action)
    {
        State.AddEvent(new SubOrchestrationInstanceCreatedEvent(id)
        {
            Name = action.Name,
            Version = action.Version,
            InstanceId = action.InstanceId,
            Input = action.Input,
        });

        // A sub-orchestration runs on its parent's queue unless its tags name another.
        var tags = new Dictionary<string, string>(action.Tags);
        if (!tags.ContainsKey(InstanceTags.Queue) && State.Tags?.TryGetValue(InstanceTags.Queue, out var queue) == true)
        {
            tags[InstanceTags.Queue] = queue;
        }

        var child = new OrchestrationInstance { InstanceId = action.InstanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage
        {
            OrchestrationInstance = child,
            Event = new ExecutionStartedEvent(-1, action.Input)
            {
                Name = action.Name,
                Version = action.Version,
                OrchestrationInstance = child,
                Tags = tags,
                ParentInstance = new ParentInstance
                {
                    OrchestrationInstance = State.OrchestrationInstance,
                    Name = State.Name,
                    Version = State.Version,
                    TaskScheduleId = id,
                },
            },
        };
    }

    private TaskMessage? Complete(int id, P.CompleteOrchestrationAction action, List<TaskMessage> messages)
    {
        var status = ProtoConvert.FromProto(action.OrchestrationStatus);
        if (status != OrchestrationStatus.ContinuedAsNew)
        {
            State.AddEvent(new ExecutionCompletedEvent(id, action.Result, status, ProtoConvert.FromProto(action.FailureDetails)));
            return null;
        }

        State.AddEvent(new ContinueAsNewEvent(id, action.Result));
        var started = State.ExecutionStartedEvent!;
        var next = new OrchestrationInstance { InstanceId = started.OrchestrationInstance.InstanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        foreach (var carried in action.CarryoverEvents.Select(ProtoConvert.FromProto).OfType<HistoryEvent>())
        {
            messages.Add(new TaskMessage { OrchestrationInstance = next, Event = carried });
        }

        return new TaskMessage
        {
            OrchestrationInstance = next,
            Event = new ExecutionStartedEvent(-1, action.Result)
            {
                Name = started.Name,
                Version = string.IsNullOrEmpty(action.NewVersion) ? started.Version : action.NewVersion,
                OrchestrationInstance = next,
                Tags = started.Tags,
                ParentInstance = started.ParentInstance,
            },
        };
    }

    private Checkpoint Finish(TimeProvider time, List<TaskMessage> activities, List<TaskMessage> messages, List<TaskMessage> timers, TaskMessage? continuedAsNew)
    {
        State.AddEvent(new OrchestratorCompletedEvent(-1));
        var status = State.OrchestrationStatus;
        if (status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
        {
            NotifyParent(status, messages);
            NotifyWatcher(status, messages);
        }

        return new Checkpoint(State, activities, messages, timers, continuedAsNew, BuildState(time.GetUtcNow().UtcDateTime));
    }

    // The stored state is what DurableTask.Core derives from the runtime state, plus the scheduled start.
    private OrchestrationState BuildState(DateTime now)
    {
        var started = State.ExecutionStartedEvent!;
        var state = OrchestrationStates.Of(State, started.Timestamp, now);
        state.ScheduledStartTime = started.ScheduledStartTime;
        return state;
    }

    private void NotifyParent(OrchestrationStatus status, List<TaskMessage> messages)
    {
        if (State.ParentInstance is not { } parent)
        {
            return;
        }

        HistoryEvent notice = status == OrchestrationStatus.Completed
            ? new SubOrchestrationInstanceCompletedEvent(-1, parent.TaskScheduleId, State.Output)
            : new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, FailureReason(status), State.Output, FailureOf(status));
        messages.Add(new TaskMessage { OrchestrationInstance = parent.OrchestrationInstance, Event = notice });
    }

    private void NotifyWatcher(OrchestrationStatus status, List<TaskMessage> messages)
    {
        var tags = State.Tags;
        if (tags is null || !tags.TryGetValue(SidecarMetadata.NotifyInstanceTag, out var watcher)
            || !tags.TryGetValue(SidecarMetadata.NotifyEventTag, out var eventName) || string.IsNullOrEmpty(watcher))
        {
            return;
        }

        var failure = status == OrchestrationStatus.Completed ? null : FailureOf(status);
        var notice = new CompletionNotice(
            State.OrchestrationInstance!.InstanceId,
            status.ToString(),
            status == OrchestrationStatus.Failed ? null : State.Output,
            failure is null ? null : new CompletionFailure(failure.ErrorType, failure.ErrorMessage, failure.StackTrace));
        messages.Add(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = watcher },
            Event = new EventRaisedEvent(-1, JsonSerializer.Serialize(notice, SidecarJson.Options)) { Name = eventName },
        });
    }

    private FailureDetails FailureOf(OrchestrationStatus status) =>
        State.FailureDetails ?? new FailureDetails(
            status == OrchestrationStatus.Terminated ? "Terminated" : "OrchestrationFailed",
            status == OrchestrationStatus.Terminated ? $"The orchestration was terminated: {State.Output}" : State.Output ?? "The orchestration failed.",
            null,
            null,
            isNonRetriable: status == OrchestrationStatus.Terminated);

    private string FailureReason(OrchestrationStatus status) => FailureOf(status).ErrorMessage;
}
