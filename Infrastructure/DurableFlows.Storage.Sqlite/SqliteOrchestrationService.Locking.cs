using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage.Sqlite;

/// <content>Choosing and locking the next work item for a selector.</content>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Locks the instance with the oldest due message on the selector's queue that no one holds. Finding it
    /// and claiming it is one step in memory (see <see cref="ReadyWork"/>); the history comes from the cache,
    /// or from the file when it is not cached (then it is committed: the cache keeps what is not).
    /// </summary>
    private TaskOrchestrationWorkItem? TryLockOrchestration(WorkItemSelector selector)
    {
        while (true)
        {
            var now = UtcNow;
            OrchestrationLock held;
            List<InboxEntry> due;
            int deliveries;
            lock (_lockGate)
            {
                var ticks = Ticks(now);
                ExpireLocks(now);
                var found = _ready.FindInstance(selector.Queue, selector.OrchestrationNames, ticks);
                if (found is null)
                {
                    return null;
                }

                held = new OrchestrationLock(found.InstanceId, found.Route.ExecutionId, found.Route.Queue, now + _options.LockTimeout) { Epoch = _epoch };
                _orchestrationLocks[found.InstanceId] = held;
                _ready.Claim(found);
                NoteExpiry(held.LockedUntilUtc);
                due = found.Due(ticks);
                deliveries = due.Max(m => m.Deliveries);
                if (deliveries < _options.MaxDequeueCount)
                {
                    foreach (var message in due)
                    {
                        message.Deliveries++;
                    }
                }
            }

            List<HistoryEvent> history;
            try
            {
                history = _historyCache.Get(held.InstanceId, held.ExecutionId) is { } cached
                    ? [.. cached]
                    : Read("reading the history of a work item", connection => ReadHistory(connection, held.InstanceId, held.ExecutionId));
            }
            catch
            {
                ReleaseOrchestrationLock(held);
                throw;
            }

            var sequenceNumbers = due.Select(m => m.SequenceNumber).ToList();
            held.Messages = sequenceNumbers;
            held.WorkItem = new TaskOrchestrationWorkItem
            {
                InstanceId = held.InstanceId,
                OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
                NewMessages = [.. due.Select(m => m.Message)],
                LockedUntilUtc = held.LockedUntilUtc,
            };
            if (deliveries >= _options.MaxDequeueCount)
            {
                FailPoisonedInstance(held, deliveries);
                continue;
            }

            CountDelivery(held, "CountInboxDelivery", ("@sequenceNumbers", Json(sequenceNumbers)));
            return held.WorkItem;
        }
    }

    /// <summary>Locks the oldest activity of the selector's queue that no one holds and whose name it accepts.</summary>
    private TaskActivityWorkItem? TryLockActivity(WorkItemSelector selector)
    {
        while (true)
        {
            var now = UtcNow;
            ActivityLock held;
            int deliveries;
            lock (_lockGate)
            {
                ExpireLocks(now);
                var found = _ready.FindActivity(selector.Queue, selector.ActivityNames);
                if (found is null)
                {
                    return null;
                }

                deliveries = found.Deliveries;
                held = new ActivityLock(found.Id, selector.Queue, now + _options.LockTimeout) { Epoch = _epoch };
                _activityLocks[found.Id] = held;
                _ready.Claim(found);
                NoteExpiry(held.LockedUntilUtc);
                held.WorkItem = new TaskActivityWorkItem
                {
                    Id = Invariant(found.Id),
                    TaskMessage = found.Message,
                    LockedUntilUtc = held.LockedUntilUtc,
                    DeliveryAttempt = deliveries + 1,
                };
                if (deliveries < _options.MaxDequeueCount)
                {
                    found.Deliveries++;
                }
            }

            if (deliveries >= _options.MaxDequeueCount)
            {
                FailPoisonedActivity(held, deliveries);
                continue;
            }

            CountDelivery(held, "CountActivityDelivery", ("@activityId", held.Id));
            return held.WorkItem;
        }
    }

    // Under the lock gate. A worker that died or hung loses its items once their locks expire; locks are
    // looked over only when the earliest of them may have expired, not on every claim.
    private void ExpireLocks(DateTime now)
    {
        if (now < _earliestExpiry)
        {
            return;
        }

        var earliest = DateTime.MaxValue;
        foreach (var held in _orchestrationLocks.Values.ToList())
        {
            if (held.IsExpired(now))
            {
                _logger.LockExpired("orchestration", held.InstanceId);
                DropOrchestrationLock(held.InstanceId);
            }
            else if (held.ExpiresBefore(earliest))
            {
                earliest = held.LockedUntilUtc;
            }
        }

        foreach (var held in _activityLocks.Values.ToList())
        {
            if (held.IsExpired(now))
            {
                _logger.LockExpired("activity", held.WorkItem?.Id ?? Invariant(held.Id));
                DropActivityLock(held.Id);
            }
            else if (held.ExpiresBefore(earliest))
            {
                earliest = held.LockedUntilUtc;
            }
        }

        _earliestExpiry = earliest;
    }

    private void NoteExpiry(DateTime lockedUntilUtc)
    {
        if (lockedUntilUtc < _earliestExpiry)
        {
            _earliestExpiry = lockedUntilUtc;
        }
    }

    // Without an execution id, the instance's current execution.
    private List<HistoryEvent> ReadHistory(StatementCache connection, string instanceId, string? executionId)
    {
        var rows = new List<(string Body, string? Refs)>();
        using (var reader = connection.Command("ReadHistory", ("@instanceId", instanceId), ("@executionId", executionId)).ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        var payloads = ReadPayloads(connection, rows.Select(r => r.Refs));
        return [.. rows.Select(r => _codec.Decode<HistoryEvent>(r.Body, r.Refs, payloads))];
    }

    /// <summary>
    /// Loads what workers may be handed from the file: at start-up, and after a failed commit rolled back
    /// what memory had already applied.
    /// </summary>
    private void LoadReadyWork(StatementCache connection)
    {
        var inbox = new List<(InboxEntry Entry, int Deliveries, string Body, string? Refs, InstanceRoute Route)>();
        var activities = new List<(long Id, string InstanceId, string Queue, string Name, int Deliveries, string Body, string? Refs)>();
        using (var reader = connection.Command("LoadReadyWork").ExecuteReader())
        {
            while (reader.Read())
            {
                var route = new InstanceRoute(reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetInt32(11) == (int)OrchestrationStatus.Pending);
                inbox.Add((
                    new InboxEntry(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetInt64(4), null!),
                    reader.GetInt32(5),
                    reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    route));
            }

            reader.NextResult();
            while (reader.Read())
            {
                activities.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var payloads = ReadPayloads(connection, inbox.Select(m => m.Refs).Concat(activities.Select(a => a.Refs)));
        lock (_lockGate)
        {
            _ready.Clear();
            foreach (var (entry, deliveries, body, refs, route) in inbox)
            {
                var message = _codec.Decode<TaskMessage>(body, refs, payloads);
                _ready.AddMessage(
                    new InboxEntry(entry.SequenceNumber, entry.InstanceId, entry.ExecutionId, entry.Queue, entry.VisibleAt, message) { Deliveries = deliveries },
                    route);
            }

            foreach (var (id, instanceId, queue, name, deliveries, body, refs) in activities)
            {
                _ready.AddActivity(new ReadyActivity(id, instanceId, queue, name, _codec.Decode<TaskMessage>(body, refs, payloads)) { Deliveries = deliveries });
            }
        }
    }

    /// <summary>
    /// Rebuilds memory from the file as the writer sees it: after a failed commit (the file no longer holds
    /// what memory applied from that batch) and when all data is deleted. Every lock is dropped (completions
    /// of items handed out before are stale: see <see cref="ThrowIfRolledBack"/>), the history cache is
    /// emptied, and the ready work is read again. Runs on the writer's thread.
    /// </summary>
    private void ReloadFromFile(WriteContext context)
    {
        // One step under the gate, so that no claim sees the old ready work with the new epoch.
        lock (_lockGate)
        {
            _epoch++;
            _orchestrationLocks.Clear();
            _activityLocks.Clear();
            _historyCache.Clear();
            LoadReadyWork(context);
        }

        _orchestrationSignals.PulseAll();
        _activitySignals.PulseAll();
    }

    // Delivery counts ride with the next commit instead of costing one of their own; a crash within the
    // deferral window loses at most that one count. Deferrable writes run last in their batch, so a count
    // whose work item was completed in the same batch (the usual case for a short step) is skipped: the
    // rows it would count are deleted.
    private void CountDelivery(WorkItemLock held, string script, params (string Name, object? Value)[] parameters) =>
        _ = _writer.EnqueueAsync(context => held.Consumed ? 0 : context.Execute(script, parameters), deferrable: true)
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
                    Deliver(context, Prepare(new TaskMessage
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
        _ = WriteAsync((context, _) =>
            {
                DeleteActivity(context, id);
                Deliver(context, Prepare(new TaskMessage
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
