using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <content>Locking, renewing, completing and abandoning work items.</content>
public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, receiveTimeout, cancellationToken)!;

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, receiveTimeout, cancellationToken)!;

    /// <inheritdoc />
    public Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(
        WorkItemSelector selector, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return WaitForWorkAsync(_orchestrationSignals, selector.Queue, selector.OrchestrationNames is not null, () => TryLockOrchestration(selector), receiveTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItemAsync(
        WorkItemSelector selector, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return WaitForWorkAsync(_activitySignals, selector.Queue, selector.ActivityNames is not null, () => TryLockActivity(selector), receiveTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_lockGate)
        {
            if (_orchestrationLocks.TryGetValue(workItem.InstanceId, out var held) && ReferenceEquals(held.WorkItem, workItem))
            {
                held.LockedUntilUtc = workItem.LockedUntilUtc = UtcNow + _options.LockTimeout;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_lockGate)
        {
            if (_activityLocks.TryGetValue(ActivityIdOf(workItem), out var held) && ReferenceEquals(held.WorkItem, workItem))
            {
                held.LockedUntilUtc = workItem.LockedUntilUtc = UtcNow + _options.LockTimeout;
            }
        }

        return Task.FromResult(workItem);
    }

    /// <summary>
    /// Commits a checkpoint in one transaction, or drops it when it is a duplicate execution (the lock was
    /// lost, the instance restarted, or the history already has these sequence numbers).
    /// </summary>
    /// <remarks>
    /// Tables, in order: Payloads and History (new events; after continue-as-new the whole new execution,
    /// then the old executions' history is deleted), Inbox (the consumed messages), Instances (this
    /// instance's row; on finishing, its leftover Inbox), Activities (outbound), then for each orchestrator
    /// message the target's Instances/History/Inbox/Activities (a start creates or restarts it) or Inbox,
    /// then Inbox (timers), then Instances/Inbox (continue-as-new start message).
    /// </remarks>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        OrchestrationLock? held;
        lock (_lockGate)
        {
            if (!_orchestrationLocks.TryGetValue(workItem.InstanceId, out held) || !ReferenceEquals(held.WorkItem, workItem))
            {
                DroppedDuplicate(workItem.InstanceId, "its lock expired and another worker owns the instance now");
                return;
            }

            held.Completing = true;
        }

        try
        {
            await WriteAsync((context, effects) => Checkpoint(
                context, effects, held, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
                continuedAsNewMessage, orchestrationState));
        }
        catch (DuplicateExecutionException duplicate)
        {
            DroppedDuplicate(workItem.InstanceId, duplicate.Message);
        }
        finally
        {
            ReleaseOrchestrationLock(held);
        }
    }

    /// <inheritdoc />
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        OrchestrationLock? held;
        lock (_lockGate)
        {
            if (!_orchestrationLocks.TryGetValue(workItem.InstanceId, out held) || !ReferenceEquals(held.WorkItem, workItem))
            {
                return;
            }
        }

        // The delivery count rides with the next commit; wait for it, so the next lock counts this one.
        await FlushAsync();
        ReleaseOrchestrationLock(held);
    }

    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        // After a completion there is nothing left to release; otherwise the messages go back at once.
        AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>
    /// Deletes the activity and delivers its result in one transaction. Tables: Activities, then Instances
    /// (read) and Payloads/Inbox of the instance that scheduled it.
    /// </summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var id = ActivityIdOf(workItem);
        ActivityLock? held;
        lock (_lockGate)
        {
            if (!_activityLocks.TryGetValue(id, out held) || !ReferenceEquals(held.WorkItem, workItem))
            {
                Interlocked.Increment(ref _droppedDuplicates);
                _logger.DroppedDuplicateActivityCompletion(workItem.Id);
                return;
            }

            held.Completing = true;
        }

        try
        {
            await WriteAsync((context, effects) =>
            {
                if (context.Execute("DeleteActivity", ("@activityId", id)) == 0)
                {
                    throw new DuplicateExecutionException("the activity was already completed");
                }

                if (responseMessage is not null)
                {
                    Deliver(context, effects, responseMessage);
                }
            });
        }
        catch (DuplicateExecutionException)
        {
            Interlocked.Increment(ref _droppedDuplicates);
            _logger.DroppedDuplicateActivityCompletion(workItem.Id);
        }
        finally
        {
            ReleaseActivityLock(held);
        }
    }

    /// <inheritdoc />
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var id = ActivityIdOf(workItem);
        ActivityLock? held;
        lock (_lockGate)
        {
            if (!_activityLocks.TryGetValue(id, out held) || !ReferenceEquals(held.WorkItem, workItem))
            {
                return;
            }
        }

        await FlushAsync();
        ReleaseActivityLock(held);
    }

    private void Checkpoint(
        WriteContext context,
        WriteEffects effects,
        OrchestrationLock held,
        OrchestrationRuntimeState runtimeState,
        IList<TaskMessage>? outboundMessages,
        IList<TaskMessage>? orchestratorMessages,
        IList<TaskMessage>? timerMessages,
        TaskMessage? continuedAsNewMessage,
        OrchestrationState? orchestrationState)
    {
        var instanceId = held.InstanceId;
        var executionId = runtimeState.OrchestrationInstance?.ExecutionId ?? held.ExecutionId;
        var newExecution = executionId != held.ExecutionId;
        var events = newExecution ? runtimeState.Events : runtimeState.NewEvents;
        var first = newExecution ? 0 : runtimeState.Events.Count - runtimeState.NewEvents.Count;
        for (var i = 0; i < events.Count; i++)
        {
            var row = context.Codec.Encode(events[i]);
            context.StorePayloads(row);
            try
            {
                context.Execute(
                    "InsertHistoryEvent",
                    ("@instanceId", instanceId),
                    ("@executionId", executionId),
                    ("@sequenceNumber", first + i),
                    ("@eventType", (int)events[i].EventType),
                    ("@body", row.Body),
                    ("@payloadRefs", row.PayloadRefs));
            }
            catch (SqliteException error) when (IsDuplicateKey(error))
            {
                throw new DuplicateExecutionException($"history event {first + i} of execution '{executionId}' is already stored");
            }
        }

        context.Execute("DeleteInboxMessages", ("@instanceId", instanceId), ("@sequenceNumbers", Json(held.Messages)));
        var state = orchestrationState ?? BuildState(runtimeState);
        state.OrchestrationInstance ??= new OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId };
        WriteInstanceState(context, effects, instanceId, held.ExecutionId, state);
        if (newExecution)
        {
            context.Execute("DeleteOtherExecutions", ("@instanceId", instanceId), ("@executionId", executionId));
        }

        foreach (var message in outboundMessages ?? [])
        {
            var scheduled = (TaskScheduledEvent)message.Event;
            var row = context.Codec.Encode(message);
            context.StorePayloads(row);
            context.Execute(
                "InsertActivity",
                ("@instanceId", instanceId),
                ("@executionId", message.OrchestrationInstance?.ExecutionId ?? executionId),
                ("@queue", held.Queue),
                ("@name", scheduled.Name ?? string.Empty),
                ("@taskId", scheduled.EventId),
                ("@body", row.Body),
                ("@payloadRefs", row.PayloadRefs));
            effects.ActivityQueues.Add(held.Queue);
        }

        foreach (var message in (orchestratorMessages ?? []).Concat(timerMessages ?? []))
        {
            Deliver(context, effects, message);
        }

        if (continuedAsNewMessage?.Event is ExecutionStartedEvent next)
        {
            // Carryover: messages that arrived meanwhile stay in the inbox for the new execution.
            StartExecution(context, next, keepInbox: true);
            InsertInbox(context, effects, continuedAsNewMessage, InstanceTags.GetQueue(next), next.OrchestrationInstance?.ExecutionId);
        }

        // Messages that arrived while the instance was locked make it ready again.
        effects.OrchestrationQueues.Add(held.Queue);
    }

    // The created time in the row wins over this one (see ReadStateRow).
    private OrchestrationState BuildState(OrchestrationRuntimeState runtimeState) =>
        OrchestrationStates.Of(runtimeState, runtimeState.CreatedTime, UtcNow);

    private void DroppedDuplicate(string instanceId, string reason)
    {
        Interlocked.Increment(ref _droppedDuplicates);
        _logger.DroppedDuplicateCheckpoint(instanceId, reason);
    }

    private void ReleaseOrchestrationLock(OrchestrationLock held)
    {
        lock (_lockGate)
        {
            if (_orchestrationLocks.TryGetValue(held.InstanceId, out var current) && ReferenceEquals(current, held))
            {
                _orchestrationLocks.Remove(held.InstanceId);
            }
        }

        _orchestrationSignals.Pulse(held.Queue);
    }

    private void ReleaseActivityLock(ActivityLock held)
    {
        lock (_lockGate)
        {
            if (_activityLocks.TryGetValue(held.Id, out var current) && ReferenceEquals(current, held))
            {
                _activityLocks.Remove(held.Id);
            }
        }

        _activitySignals.Pulse(held.Queue);
    }

    private Task FlushAsync() => _writer.EnqueueAsync(_ => 0);

    private static long ActivityIdOf(TaskActivityWorkItem workItem) =>
        long.TryParse(workItem.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"Activity work item id '{workItem.Id}' is not one this backend handed out; expected a number.", nameof(workItem));

    private async Task<TWorkItem?> WaitForWorkAsync<TWorkItem>(
        QueueSignals signals,
        string queue,
        bool filtered,
        Func<TWorkItem?> tryLock,
        TimeSpan receiveTimeout,
        CancellationToken cancellationToken)
        where TWorkItem : class
    {
        var deadline = receiveTimeout == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + receiveTimeout;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_stopping.IsCancellationRequested)
            {
                return null;
            }

            var waiter = signals.Register(queue, filtered);
            TWorkItem? workItem;
            try
            {
                workItem = tryLock();
            }
            catch
            {
                signals.Unregister(queue, waiter);
                throw;
            }

            if (workItem is not null)
            {
                // There may be more: the next waiting worker looks too.
                signals.Unregister(queue, waiter);
                signals.Pulse(queue);
                return workItem;
            }

            var now = _time.GetUtcNow();
            if (now >= deadline)
            {
                signals.Unregister(queue, waiter);
                return null;
            }

            // Sleep until woken, the next timer is due, the poll interval passes (locks that expired) or the deadline.
            var wait = _options.PollInterval;
            if (deadline - now < wait)
            {
                wait = deadline - now;
            }

            if (typeof(TWorkItem) == typeof(TaskOrchestrationWorkItem) && NextVisibleAt(queue) is { } due && due - now.UtcDateTime < wait)
            {
                wait = due - now.UtcDateTime;
            }

            try
            {
                await waiter.Woken.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _time, linked.Token);
            }
            catch (TimeoutException)
            {
                signals.Unregister(queue, waiter);
            }
            catch (OperationCanceledException)
            {
                signals.Unregister(queue, waiter);
                if (!cancellationToken.IsCancellationRequested)
                {
                    return null;
                }

                throw;
            }
        }
    }

    private DateTime? NextVisibleAt(string queue) => Read("looking for the next timer", connection =>
    {
        var command = connection.Command("NextVisibleAt", ("@queue", queue), ("@now", Ticks(UtcNow)));
        return command.ExecuteScalar() is long ticks ? FromTicks(ticks) : (DateTime?)null;
    });
}
