using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <content>Choosing and locking the next work item for a selector.</content>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Locks the instance with the oldest visible message on the selector's queue that is not locked. Runs
    /// under the lock gate so two workers never take the same instance; the read is one query for the
    /// candidate and one batch for its history and inbox.
    /// </summary>
    private TaskOrchestrationWorkItem? TryLockOrchestration(WorkItemSelector selector) =>
        Read("locking an orchestration work item", connection =>
        {
            lock (_lockGate)
            {
                while (true)
                {
                    var now = UtcNow;
                    string instanceId;
                    string executionId;
                    string queue;
                    using (var find = Command(
                        connection,
                        "FindReadyInstance",
                        ("@queue", selector.Queue),
                        ("@now", Ticks(now)),
                        ("@names", selector.OrchestrationNames is null ? null : Json(selector.OrchestrationNames)),
                        ("@locked", Json(LiveOrchestrationLocks(now)))))
                    using (var reader = find.ExecuteReader())
                    {
                        if (!reader.Read())
                        {
                            return null;
                        }

                        (instanceId, executionId, queue) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                    }

                    var (history, messages, sequenceNumbers, deliveries) = ReadWorkItem(connection, instanceId, executionId, now);
                    var workItem = new TaskOrchestrationWorkItem
                    {
                        InstanceId = instanceId,
                        OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
                        NewMessages = messages,
                        LockedUntilUtc = now + _options.LockTimeout,
                    };
                    var held = new OrchestrationLock(workItem, executionId, queue, sequenceNumbers, workItem.LockedUntilUtc);
                    _orchestrationLocks[instanceId] = held;
                    if (deliveries >= _options.MaxDequeueCount)
                    {
                        FailPoisonedInstance(held, deliveries);
                        continue;
                    }

                    CountDelivery("CountInboxDelivery", ("@sequenceNumbers", Json(sequenceNumbers)));
                    return workItem;
                }
            }
        });

    /// <summary>Locks the oldest activity of the selector's queue that is not locked and whose name it accepts.</summary>
    private TaskActivityWorkItem? TryLockActivity(WorkItemSelector selector) =>
        Read("locking an activity work item", connection =>
        {
            lock (_lockGate)
            {
                while (true)
                {
                    var now = UtcNow;
                    using var find = Command(
                        connection,
                        "FindReadyActivity",
                        ("@queue", selector.Queue),
                        ("@names", selector.ActivityNames is null ? null : Json(selector.ActivityNames)),
                        ("@locked", Json(LiveActivityLocks(now))));
                    using var reader = find.ExecuteReader();
                    if (!reader.Read())
                    {
                        return null;
                    }

                    var id = reader.GetInt64(0);
                    var deliveries = reader.GetInt32(1);
                    var body = reader.GetString(2);
                    var payloadRefs = reader.IsDBNull(3) ? null : reader.GetString(3);
                    var message = _codec.Decode<TaskMessage>(body, payloadRefs, ReadPayloads(connection, [payloadRefs]));
                    var workItem = new TaskActivityWorkItem
                    {
                        Id = Invariant(id),
                        TaskMessage = message,
                        LockedUntilUtc = now + _options.LockTimeout,
                        DeliveryAttempt = deliveries + 1,
                    };
                    var held = new ActivityLock(workItem, selector.Queue);
                    _activityLocks[id] = held;
                    if (deliveries >= _options.MaxDequeueCount)
                    {
                        FailPoisonedActivity(id, held, deliveries);
                        continue;
                    }

                    CountDelivery("CountActivityDelivery", ("@activityId", id));
                    return workItem;
                }
            }
        });

    private (List<HistoryEvent> History, List<TaskMessage> Messages, List<long> SequenceNumbers, int Deliveries) ReadWorkItem(
        SqliteConnection connection, string instanceId, string executionId, DateTime now)
    {
        var historyRows = new List<(string Body, string? Refs)>();
        var messageRows = new List<(long Sequence, string Body, string? Refs)>();
        var deliveries = 0;
        using (var command = Command(connection, "ReadWorkItem", ("@instanceId", instanceId), ("@executionId", executionId), ("@now", Ticks(now))))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                historyRows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }

            reader.NextResult();
            while (reader.Read())
            {
                messageRows.Add((reader.GetInt64(0), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
                deliveries = Math.Max(deliveries, reader.GetInt32(1));
            }
        }

        var payloads = ReadPayloads(connection, historyRows.Select(r => r.Refs).Concat(messageRows.Select(r => r.Refs)));
        var history = historyRows.Select(r => _codec.Decode<HistoryEvent>(r.Body, r.Refs, payloads)).ToList();

        // A start message goes first: with continue-as-new carryover it arrives after the events it carries.
        var messages = messageRows
            .Select(r => _codec.Decode<TaskMessage>(r.Body, r.Refs, payloads))
            .OrderBy(m => m.Event is ExecutionStartedEvent ? 0 : 1)
            .ToList();
        return (history, messages, [.. messageRows.Select(r => r.Sequence)], deliveries);
    }

    // Expired locks are dropped here, which is what makes a dead worker's items available again.
    private List<string> LiveOrchestrationLocks(DateTime now)
    {
        foreach (var expired in _orchestrationLocks.Values.Where(l => !l.Completing && l.LockedUntilUtc <= now).ToList())
        {
            _logger.LockExpired("orchestration", expired.WorkItem.InstanceId);
            _orchestrationLocks.Remove(expired.WorkItem.InstanceId);
        }

        return [.. _orchestrationLocks.Keys];
    }

    private List<long> LiveActivityLocks(DateTime now)
    {
        foreach (var (id, expired) in _activityLocks.Where(l => !l.Value.Completing && l.Value.WorkItem.LockedUntilUtc <= now).ToList())
        {
            _logger.LockExpired("activity", expired.WorkItem.Id);
            _activityLocks.Remove(id);
        }

        return [.. _activityLocks.Keys];
    }

    // Delivery counts ride with the next commit instead of costing one of their own; a crash within the
    // deferral window loses at most that one count.
    private void CountDelivery(string script, params (string Name, object? Value)[] parameters) =>
        _ = _writer.EnqueueAsync(context => context.Execute(script, parameters), deferrable: true)
            .ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

    /// <summary>
    /// Marks an instance whose messages were handed out too often as Failed, with the reason in its output
    /// and failure details, drops its inbox and tells its parent. Tables: Instances, Inbox, then the parent's Inbox.
    /// </summary>
    private void FailPoisonedInstance(OrchestrationLock held, int deliveries)
    {
        held.Completing = true;
        var instanceId = held.WorkItem.InstanceId;
        Interlocked.Increment(ref _poisonMessages);
        _logger.PoisonInstance(instanceId, deliveries, _options.MaxDequeueCount);
        var reason =
            $"Poison message: the messages of instance '{instanceId}' were handed to workers {deliveries} times without a checkpoint " +
            $"(MaxDequeueCount = {_options.MaxDequeueCount}); the instance was failed so they are not delivered again.";
        _ = WriteAsync((context, effects) =>
            {
                var state = ReadState(context, instanceId) ?? new OrchestrationState
                {
                    OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = held.ExecutionId },
                };
                state.OrchestrationStatus = OrchestrationStatus.Failed;
                state.Output = reason;
                state.FailureDetails = new FailureDetails("PoisonMessage", reason, null, null, true);
                WriteInstanceState(context, effects, instanceId, held.ExecutionId, state);
                if (state.ParentInstance is { } parent)
                {
                    Deliver(context, effects, new TaskMessage
                    {
                        OrchestrationInstance = parent.OrchestrationInstance,
                        Event = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, reason, null, state.FailureDetails),
                    });
                }
            })
            .ContinueWith(
                t =>
                {
                    _ = t.Exception;
                    ReleaseOrchestrationLock(held);
                },
                TaskScheduler.Default);
    }

    /// <summary>
    /// Fails an activity that was handed out too often: deletes it and delivers a TaskFailedEvent with the
    /// reason to its orchestration. Tables: Activities, then Instances (read) and Inbox.
    /// </summary>
    private void FailPoisonedActivity(long id, ActivityLock held, int deliveries)
    {
        held.Completing = true;
        var message = held.WorkItem.TaskMessage;
        var scheduled = (TaskScheduledEvent)message.Event;
        Interlocked.Increment(ref _poisonMessages);
        _logger.PoisonActivity(scheduled.Name ?? string.Empty, held.WorkItem.Id, message.OrchestrationInstance.InstanceId, deliveries, _options.MaxDequeueCount);
        var reason =
            $"Poison message: activity '{scheduled.Name}' was handed to workers {deliveries} times without completing " +
            $"(MaxDequeueCount = {_options.MaxDequeueCount}); it was failed so it is not delivered again.";
        _ = WriteAsync((context, effects) =>
            {
                context.Execute("DeleteActivity", ("@activityId", id));
                Deliver(context, effects, new TaskMessage
                {
                    OrchestrationInstance = message.OrchestrationInstance,
                    Event = new TaskFailedEvent(-1, scheduled.EventId, reason, null, new FailureDetails("PoisonMessage", reason, null, null, true)),
                });
            })
            .ContinueWith(
                t =>
                {
                    _ = t.Exception;
                    ReleaseActivityLock(id, held);
                },
                TaskScheduler.Default);
    }

    private OrchestrationState? ReadState(WriteContext context, string instanceId)
    {
        using var reader = context.Query("ReadInstance", ("@instanceId", instanceId));
        if (!reader.Read())
        {
            return null;
        }

        var payloadRefs = reader.IsDBNull(5) ? null : reader.GetString(5);
        var body = reader.GetString(4);
        reader.Close();
        return _codec.Decode<OrchestrationState>(body, payloadRefs, ReadPayloads(context.Connection, [payloadRefs]));
    }
}
