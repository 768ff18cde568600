using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage.Sqlite;

/// <content>Choosing and locking the next work item for a selector.</content>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Locks the instance with the oldest visible message on the selector's queue that no one holds. The
    /// lock gate is held only to claim a candidate in memory, never across a query: workers read in
    /// parallel, and the history and inbox are read after the claim, in one snapshot, so they are current.
    /// </summary>
    private TaskOrchestrationWorkItem? TryLockOrchestration(WorkItemSelector selector) =>
        Read("locking an orchestration work item", snapshot: false, connection =>
        {
            while (true)
            {
                var now = UtcNow;
                var candidates = new List<(string InstanceId, string ExecutionId, string Queue)>();
                var find = connection.Command(
                    "FindReadyInstance",
                    ("@queue", selector.Queue),
                    ("@now", Ticks(now)),
                    ("@names", selector.OrchestrationNames is null ? null : Json(selector.OrchestrationNames)),
                    ("@locked", Json(LiveOrchestrationLocks(now))));
                using (var reader = find.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        candidates.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                    }
                }

                if (candidates.Count == 0)
                {
                    return null;
                }

                var held = Claim(candidates, now);
                if (held is null)
                {
                    // Other workers claimed every candidate meanwhile: look again.
                    continue;
                }

                var (history, messages, sequenceNumbers, deliveries) = InSnapshot(connection, () => ReadWorkItem(connection, held.InstanceId, held.ExecutionId, now));
                if (messages.Count == 0)
                {
                    // Another worker took these messages between the query and the claim.
                    ReleaseOrchestrationLock(held);
                    continue;
                }

                held.Messages = sequenceNumbers;
                held.WorkItem = new TaskOrchestrationWorkItem
                {
                    InstanceId = held.InstanceId,
                    OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
                    NewMessages = messages,
                    LockedUntilUtc = held.LockedUntilUtc,
                };
                if (deliveries >= _options.MaxDequeueCount)
                {
                    FailPoisonedInstance(held, deliveries);
                    continue;
                }

                CountDelivery("CountInboxDelivery", ("@sequenceNumbers", Json(sequenceNumbers)));
                return held.WorkItem;
            }
        });

    /// <summary>Locks the oldest activity of the selector's queue that no one holds and whose name it accepts.</summary>
    private TaskActivityWorkItem? TryLockActivity(WorkItemSelector selector) =>
        Read("locking an activity work item", snapshot: false, connection =>
        {
            while (true)
            {
                var now = UtcNow;
                var candidates = new List<long>();
                var find = connection.Command(
                    "FindReadyActivity",
                    ("@queue", selector.Queue),
                    ("@names", selector.ActivityNames is null ? null : Json(selector.ActivityNames)),
                    ("@locked", Json(LiveActivityLocks(now))));
                using (var reader = find.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        candidates.Add(reader.GetInt64(0));
                    }
                }

                if (candidates.Count == 0)
                {
                    return null;
                }

                var held = Claim(candidates, selector.Queue, now);
                if (held is null)
                {
                    continue;
                }

                // Read after the claim: a worker may have completed (deleted) it in between.
                var row = InSnapshot(connection, () => ReadActivity(connection, held.Id));
                if (row is not { } found)
                {
                    ReleaseActivityLock(held);
                    continue;
                }

                held.WorkItem = new TaskActivityWorkItem
                {
                    Id = Invariant(held.Id),
                    TaskMessage = found.Message,
                    LockedUntilUtc = held.LockedUntilUtc,
                    DeliveryAttempt = found.Deliveries + 1,
                };
                if (found.Deliveries >= _options.MaxDequeueCount)
                {
                    FailPoisonedActivity(held, found.Deliveries);
                    continue;
                }

                CountDelivery("CountActivityDelivery", ("@activityId", held.Id));
                return held.WorkItem;
            }
        });

    private OrchestrationLock? Claim(List<(string InstanceId, string ExecutionId, string Queue)> candidates, DateTime now)
    {
        lock (_lockGate)
        {
            foreach (var (instanceId, executionId, queue) in candidates)
            {
                if (!_orchestrationLocks.TryGetValue(instanceId, out var existing) || IsExpired(existing.Completing, existing.LockedUntilUtc, now))
                {
                    var held = new OrchestrationLock(instanceId, executionId, queue, now + _options.LockTimeout);
                    _orchestrationLocks[instanceId] = held;
                    return held;
                }
            }

            return null;
        }
    }

    private ActivityLock? Claim(List<long> candidates, string queue, DateTime now)
    {
        lock (_lockGate)
        {
            foreach (var id in candidates)
            {
                if (!_activityLocks.TryGetValue(id, out var existing) || IsExpired(existing.Completing, existing.LockedUntilUtc, now))
                {
                    var held = new ActivityLock(id, queue, now + _options.LockTimeout);
                    _activityLocks[id] = held;
                    return held;
                }
            }

            return null;
        }
    }

    private static bool IsExpired(bool completing, DateTime lockedUntilUtc, DateTime now) => !completing && lockedUntilUtc <= now;

    private (TaskMessage Message, int Deliveries)? ReadActivity(StatementCache connection, long id)
    {
        string body;
        string? payloadRefs;
        int deliveries;
        var command = connection.Command("ReadActivity", ("@activityId", id));
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (deliveries, body, payloadRefs) = (reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return (_codec.Decode<TaskMessage>(body, payloadRefs, ReadPayloads(connection, [payloadRefs])), deliveries);
    }

    private (List<HistoryEvent> History, List<TaskMessage> Messages, List<long> SequenceNumbers, int Deliveries) ReadWorkItem(
        StatementCache connection, string instanceId, string executionId, DateTime now)
    {
        var cached = _historyCache.Get(instanceId, executionId);
        var historyRows = new List<(string Body, string? Refs)>();
        var messageRows = new List<(long Sequence, string Body, string? Refs)>();
        var deliveries = 0;
        var stale = false;
        var command = cached is null
            ? connection.Command("ReadWorkItem", ("@instanceId", instanceId), ("@executionId", executionId), ("@now", Ticks(now)))
            : connection.Command("ReadWorkItemCached", ("@instanceId", instanceId), ("@executionId", executionId), ("@now", Ticks(now)));
        using (var reader = command.ExecuteReader())
        {
            if (cached is null)
            {
                while (reader.Read())
                {
                    historyRows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
                }
            }
            else if (reader.Read() && reader.GetInt64(0) != cached.Count)
            {
                // The history changed some other way: read it below (the snapshot is the same).
                cached = null;
                stale = true;
            }

            reader.NextResult();
            while (reader.Read())
            {
                messageRows.Add((reader.GetInt64(0), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
                deliveries = Math.Max(deliveries, reader.GetInt32(1));
            }
        }

        if (stale)
        {
            historyRows.AddRange(ReadHistoryRows(connection, instanceId, executionId));
        }

        var payloads = ReadPayloads(connection, historyRows.Select(r => r.Refs).Concat(messageRows.Select(r => r.Refs)));
        if (cached is not null)
        {
            _historyCache.Confirmed();
        }

        var history = cached is null
            ? historyRows.Select(r => _codec.Decode<HistoryEvent>(r.Body, r.Refs, payloads)).ToList()
            : [.. cached];

        // A start message goes first: with continue-as-new carryover it arrives after the events it carries.
        var messages = messageRows
            .Select(r => _codec.Decode<TaskMessage>(r.Body, r.Refs, payloads))
            .OrderBy(m => m.Event is ExecutionStartedEvent ? 0 : 1)
            .ToList();
        return (history, messages, [.. messageRows.Select(r => r.Sequence)], deliveries);
    }

    // Without an execution id, the instance's current execution.
    private static List<(string Body, string? Refs)> ReadHistoryRows(StatementCache connection, string instanceId, string? executionId)
    {
        var rows = new List<(string Body, string? Refs)>();
        using var reader = connection.Command("ReadHistory", ("@instanceId", instanceId), ("@executionId", executionId)).ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return rows;
    }

    // Expired locks are dropped here, which is what makes a dead worker's items available again.
    private List<string> LiveOrchestrationLocks(DateTime now)
    {
        lock (_lockGate)
        {
            foreach (var expired in _orchestrationLocks.Values.Where(l => IsExpired(l.Completing, l.LockedUntilUtc, now)).ToList())
            {
                _logger.LockExpired("orchestration", expired.InstanceId);
                _orchestrationLocks.Remove(expired.InstanceId);
            }

            return [.. _orchestrationLocks.Keys];
        }
    }

    private List<long> LiveActivityLocks(DateTime now)
    {
        lock (_lockGate)
        {
            foreach (var expired in _activityLocks.Values.Where(l => IsExpired(l.Completing, l.LockedUntilUtc, now)).ToList())
            {
                _logger.LockExpired("activity", expired.WorkItem?.Id ?? Invariant(expired.Id));
                _activityLocks.Remove(expired.Id);
            }

            return [.. _activityLocks.Keys];
        }
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
        var instanceId = held.InstanceId;
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
                Stamp(state);
                WriteInstanceState(context, effects, instanceId, held.ExecutionId, state, _codec.Encode(state));
                if (state.ParentInstance is { } parent)
                {
                    Deliver(context, effects, Prepare(new TaskMessage
                    {
                        OrchestrationInstance = parent.OrchestrationInstance,
                        Event = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, reason, null, state.FailureDetails),
                    }));
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
    private void FailPoisonedActivity(ActivityLock held, int deliveries)
    {
        held.Completing = true;
        var id = held.Id;
        var message = held.WorkItem!.TaskMessage;
        var scheduled = (TaskScheduledEvent)message.Event;
        Interlocked.Increment(ref _poisonMessages);
        _logger.PoisonActivity(scheduled.Name ?? string.Empty, held.WorkItem.Id, message.OrchestrationInstance.InstanceId, deliveries, _options.MaxDequeueCount);
        var reason =
            $"Poison message: activity '{scheduled.Name}' was handed to workers {deliveries} times without completing " +
            $"(MaxDequeueCount = {_options.MaxDequeueCount}); it was failed so it is not delivered again.";
        _ = WriteAsync((context, effects) =>
            {
                context.Execute("DeleteActivity", ("@activityId", id));
                Deliver(context, effects, Prepare(new TaskMessage
                {
                    OrchestrationInstance = message.OrchestrationInstance,
                    Event = new TaskFailedEvent(-1, scheduled.EventId, reason, null, new FailureDetails("PoisonMessage", reason, null, null, true)),
                }));
            })
            .ContinueWith(
                t =>
                {
                    _ = t.Exception;
                    ReleaseActivityLock(held);
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
        return _codec.Decode<OrchestrationState>(body, payloadRefs, ReadPayloads(context, [payloadRefs]));
    }
}
