using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <content>Writer-side steps shared by creation, checkpoints and activity completions.</content>
public sealed partial class SqliteOrchestrationService
{
    private static readonly OrchestrationStatus[] _defaultDedupeStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];

    /// <summary>
    /// Runs a write and, once it is committed, wakes whoever waits for an instance it finished. Workers
    /// learn of new work earlier, when the writer applies the write (see <see cref="Mirror"/>).
    /// </summary>
    private async Task<WriteEffects> WriteAsync(Action<WriteContext, WriteEffects> write)
    {
        var effects = await _writer.EnqueueAsync(context =>
        {
            var effects = new WriteEffects();
            write(context, effects);
            return effects;
        });
        foreach (var state in effects.Finished)
        {
            SignalCompletion(state.OrchestrationInstance.InstanceId, state);
        }

        return effects;
    }

    /// <summary>
    /// Registers a change of the ready work (and the locks beside it) for when the running write is applied,
    /// then wakes the workers of the queues it names.
    /// </summary>
    private void Mirror(WriteContext context, Action<ReadyWork> change, string? orchestrationQueue = null, string? activityQueue = null) =>
        context.OnApplied(() =>
        {
            lock (_lockGate)
            {
                change(_ready);
            }

            if (orchestrationQueue is not null)
            {
                _orchestrationSignals.Pulse(orchestrationQueue);
            }

            if (activityQueue is not null)
            {
                _activitySignals.Pulse(activityQueue);
            }
        });

    /// <summary>Creates an instance unless one in a dedupe status exists. Tables: Instances, then as in <see cref="StartExecution"/>.</summary>
    private void Create(WriteContext context, PreparedMessage prepared, OrchestrationStatus[] dedupeStatuses)
    {
        var message = prepared.Message;
        var instanceId = message.OrchestrationInstance.InstanceId;
        var route = ReadRoute(context, instanceId);
        if (route is { } existing && dedupeStatuses.Contains(existing.Status))
        {
            throw new OrchestrationAlreadyExistsException(
                $"An orchestration with id '{instanceId}' already exists; it is {existing.Status}. Expected none in status {string.Join(", ", dedupeStatuses)}.");
        }

        if (route is not null)
        {
            // A worker still holding the old execution loses its lock: its checkpoint is dropped as stale.
            Mirror(context, _ => DropOrchestrationLock(instanceId));
        }

        var started = (ExecutionStartedEvent)message.Event;
        StartExecution(context, started, prepared.PendingState!, keepInbox: false);
        InsertInbox(context, prepared, RouteOf(started), started.OrchestrationInstance?.ExecutionId);
    }

    /// <summary>
    /// Delivers one message to its instance's inbox. A start message creates the instance (unless one is
    /// running); other messages need a live instance of the same execution. Tables: Instances, Payloads, Inbox.
    /// </summary>
    private void Deliver(WriteContext context, PreparedMessage prepared)
    {
        var message = prepared.Message;
        var instanceId = message.OrchestrationInstance.InstanceId;
        var route = ReadRoute(context, instanceId);
        if (message.Event is ExecutionStartedEvent started)
        {
            if (route is { } running && !IsFinal(running.Status))
            {
                _logger.DroppedMessage(nameof(EventType.ExecutionStarted), instanceId, $"the instance exists and is {running.Status}");
                return;
            }

            StartExecution(context, started, prepared.PendingState!, keepInbox: false);
            InsertInbox(context, prepared, RouteOf(started), started.OrchestrationInstance?.ExecutionId);
            return;
        }

        var executionId = message.OrchestrationInstance.ExecutionId;
        var eventType = message.Event.EventType.ToString();
        if (route is not { } target)
        {
            _logger.DroppedMessage(eventType, instanceId, "no such instance");
        }
        else if (IsFinal(target.Status))
        {
            _logger.DroppedMessage(eventType, instanceId, $"the instance is {target.Status}");
        }
        else if (executionId is not null && executionId != target.ExecutionId)
        {
            _logger.DroppedMessage(eventType, instanceId, $"it is for execution '{executionId}', not the current '{target.ExecutionId}'");
        }
        else
        {
            InsertInbox(context, prepared, new InstanceRoute(target.ExecutionId, target.Name, target.Queue, target.Status == OrchestrationStatus.Pending), executionId);
        }
    }

    /// <summary>
    /// Starts a new execution as Pending: replaces history, activities and (unless kept for continue-as-new
    /// carryover) the inbox. Tables: Payloads, History, Inbox, Activities, Instances.
    /// </summary>
    private void StartExecution(WriteContext context, ExecutionStartedEvent started, EncodedRow row, bool keepInbox)
    {
        var now = UtcNow;
        var instanceId = started.OrchestrationInstance!.InstanceId;
        var route = RouteOf(started);
        context.StorePayloads(row);
        context.Execute(
            "StartInstance",
            ("@instanceId", started.OrchestrationInstance!.InstanceId),
            ("@executionId", started.OrchestrationInstance.ExecutionId ?? string.Empty),
            ("@name", started.Name ?? string.Empty),
            ("@queue", InstanceTags.GetQueue(started)),
            ("@status", (int)OrchestrationStatus.Pending),
            ("@now", Ticks(now)),
            ("@state", row.Body),
            ("@payloadRefs", row.PayloadRefs),
            ("@keepInbox", keepInbox ? 1 : 0));
        Mirror(context, ready =>
        {
            // As StartInstance.sql: continue-as-new keeps the messages not addressed to another execution.
            ready.RemoveMessages(instanceId, keepInbox ? m => m.ExecutionId is not null && m.ExecutionId != route.ExecutionId : null);
            ready.RemoveActivities(instanceId);
            ready.SetRoute(instanceId, route);
        });
        context.OnApplied(() => _historyCache.Remove(instanceId));
    }

    private static InstanceRoute RouteOf(ExecutionStartedEvent started) =>
        new(started.OrchestrationInstance?.ExecutionId ?? string.Empty, started.Name ?? string.Empty, InstanceTags.GetQueue(started), Pending: true);

    private void InsertInbox(WriteContext context, PreparedMessage prepared, InstanceRoute route, string? executionId)
    {
        var queue = route.Queue;
        var message = prepared.Message;
        var visibleAt = message.Event switch
        {
            TimerFiredEvent timer => timer.FireAt,
            ExecutionStartedEvent { ScheduledStartTime: { } at } => at,
            _ => UtcNow,
        };
        var row = prepared.Row;
        context.StorePayloads(row);
        var sequenceNumber = (long)context.Scalar(
            "InsertInboxMessage",
            ("@instanceId", message.OrchestrationInstance.InstanceId),
            ("@executionId", executionId),
            ("@queue", queue),
            ("@visibleAt", Ticks(visibleAt)),
            ("@eventType", (int)message.Event.EventType),
            ("@body", row.Body),
            ("@payloadRefs", row.PayloadRefs))!;

        // A future message wakes the queue too, so a sleeping worker learns when to look again.
        var entry = new InboxEntry(sequenceNumber, message.OrchestrationInstance.InstanceId, executionId, queue, Ticks(visibleAt), message);
        Mirror(context, ready => ready.AddMessage(entry, route), orchestrationQueue: queue);
    }

    /// <summary>Stamps the update (and completion) time on a state about to be written.</summary>
    private OrchestrationState Stamp(OrchestrationState state)
    {
        var now = UtcNow;
        state.LastUpdatedTime = now;
        if (IsFinal(state.OrchestrationStatus) && (state.CompletedTime == default || state.CompletedTime == DateTime.MaxValue))
        {
            state.CompletedTime = now;
        }

        return state;
    }

    /// <summary>Serializes a message (and, for a start, the Pending state it creates) outside the writer.</summary>
    private PreparedMessage Prepare(TaskMessage message) => new(
        message,
        _codec.Encode(message),
        message.Event is ExecutionStartedEvent started ? _codec.Encode(OrchestrationStates.Pending(started, UtcNow)) : null);

    /// <summary>Writes the instance row of the execution the lock was taken for. Zero rows means it was superseded.</summary>
    private void WriteInstanceState(
        WriteContext context, WriteEffects effects, string instanceId, string expectedExecutionId, OrchestrationState state, EncodedRow row)
    {
        var final = IsFinal(state.OrchestrationStatus);
        context.StorePayloads(row);
        var createdTime = context.Scalar(
            "UpdateInstance",
            ("@instanceId", instanceId),
            ("@expectedExecutionId", expectedExecutionId),
            ("@executionId", state.OrchestrationInstance?.ExecutionId ?? expectedExecutionId),
            ("@status", (int)state.OrchestrationStatus),
            ("@now", Ticks(state.LastUpdatedTime)),
            ("@completedTime", final ? Ticks(state.CompletedTime) : null),
            ("@state", row.Body),
            ("@payloadRefs", row.PayloadRefs));
        if (createdTime is null)
        {
            throw new DuplicateExecutionException($"execution '{expectedExecutionId}' is no longer the instance's current one (restarted or purged)");
        }

        var executionId = state.OrchestrationInstance?.ExecutionId ?? expectedExecutionId;
        var pending = state.OrchestrationStatus == OrchestrationStatus.Pending;
        if (final)
        {
            context.Execute("ClearInbox", ("@instanceId", instanceId));

            // Waiters get the state as a read would return it: the row's created time wins (see ReadStateRow).
            state.CreatedTime = FromTicks((long)createdTime);
            effects.Finished.Add(state);
            Mirror(context, ready => ready.RemoveMessages(instanceId));
            context.OnApplied(() => _historyCache.Remove(instanceId));
        }
        else
        {
            Mirror(context, ready => ready.SetExecution(instanceId, executionId, pending));
        }
    }

    private static (string ExecutionId, string Queue, OrchestrationStatus Status, string Name)? ReadRoute(WriteContext context, string instanceId)
    {
        using var reader = context.Query("ReadRoute", ("@instanceId", instanceId));
        return reader.Read()
            ? (reader.GetString(0), reader.GetString(1), (OrchestrationStatus)reader.GetInt32(2), reader.GetString(3))
            : null;
    }

    private static bool IsDuplicateKey(SqliteException error) => error.SqliteErrorCode == SqliteErrors.Constraint;
}
