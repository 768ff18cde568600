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
    /// then Inbox (timers). With continue-as-new, History/Inbox/Activities/Instances and Inbox of the new
    /// execution come before the orchestrator messages, which may carry events over to it.
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
            var prepared = PrepareCheckpoint(
                held, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
            await WriteAsync((context, effects) => Checkpoint(context, effects, held, prepared, newOrchestrationRuntimeState));
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
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        OrchestrationLock? held;
        lock (_lockGate)
        {
            if (!_orchestrationLocks.TryGetValue(workItem.InstanceId, out held) || !ReferenceEquals(held.WorkItem, workItem))
            {
                return Task.CompletedTask;
            }
        }

        // The delivery was counted in memory when the item was locked: the messages go back at once.
        ReleaseOrchestrationLock(held);
        return Task.CompletedTask;
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
            var response = responseMessage is null ? null : Prepare(responseMessage);
            await WriteAsync((context, _) =>
            {
                ThrowIfRolledBack(held.Epoch);
                if (DeleteActivity(context, id) == 0)
                {
                    throw new DuplicateExecutionException("the activity was already completed");
                }

                if (response is not null)
                {
                    Deliver(context, response);
                }

                // The next worker may take the activity's slot while the commit is on its way to the disk.
                context.OnApplied(() =>
                {
                    held.Consumed = true;
                    ReleaseActivityLock(held);
                });
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
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var id = ActivityIdOf(workItem);
        ActivityLock? held;
        lock (_lockGate)
        {
            if (!_activityLocks.TryGetValue(id, out held) || !ReferenceEquals(held.WorkItem, workItem))
            {
                return Task.CompletedTask;
            }
        }

        ReleaseActivityLock(held);
        return Task.CompletedTask;
    }

    /// <summary>Serializes everything a checkpoint writes, on the caller's thread.</summary>
    private PreparedCheckpoint PrepareCheckpoint(
        OrchestrationLock held,
        OrchestrationRuntimeState runtimeState,
        IList<TaskMessage>? outboundMessages,
        IList<TaskMessage>? orchestratorMessages,
        IList<TaskMessage>? timerMessages,
        TaskMessage? continuedAsNewMessage,
        OrchestrationState? orchestrationState)
    {
        var executionId = runtimeState.OrchestrationInstance?.ExecutionId ?? held.ExecutionId;
        var newExecution = executionId != held.ExecutionId;
        var events = newExecution ? runtimeState.Events : runtimeState.NewEvents;
        // A work item without a start (a sidecar settling an orphan) only consumes its messages.
        var state = orchestrationState ?? (runtimeState.ExecutionStartedEvent is null ? null : BuildState(runtimeState));
        if (state is not null)
        {
            Stamp(state);
            state.OrchestrationInstance ??= new OrchestrationInstance { InstanceId = held.InstanceId, ExecutionId = executionId };
        }

        return new PreparedCheckpoint(
            executionId,
            newExecution,
            newExecution ? 0 : runtimeState.Events.Count - runtimeState.NewEvents.Count,
            [.. events.Select(e => (e.EventType, _codec.Encode(e)))],
            state,
            state is null ? null : _codec.Encode(state),
            [.. (outboundMessages ?? []).Select(m => (m, m.OrchestrationInstance?.ExecutionId, _codec.Encode(m)))],
            [.. (orchestratorMessages ?? []).Concat(timerMessages ?? []).Select(Prepare)],
            continuedAsNewMessage?.Event is ExecutionStartedEvent ? Prepare(continuedAsNewMessage) : null);
    }

    // What the checkpoint wrote is the execution's whole history: the next episode need not read it.
    private void RememberHistory(string instanceId, PreparedCheckpoint checkpoint, OrchestrationRuntimeState runtimeState)
    {
        if (checkpoint.State is { } state && IsFinal(state.OrchestrationStatus))
        {
            _historyCache.Remove(instanceId);
            return;
        }

        _historyCache.Set(instanceId, checkpoint.ExecutionId, [.. runtimeState.Events], _writer.AppliedBatch);
    }

    private void Checkpoint(WriteContext context, WriteEffects effects, OrchestrationLock held, PreparedCheckpoint checkpoint, OrchestrationRuntimeState runtimeState)
    {
        ThrowIfRolledBack(held.Epoch);
        var instanceId = held.InstanceId;
        var executionId = checkpoint.ExecutionId;
        for (var i = 0; i < checkpoint.History.Count; i++)
        {
            var (type, row) = checkpoint.History[i];
            var sequenceNumber = checkpoint.FirstSequenceNumber + i;
            context.StorePayloads(row);
            try
            {
                context.Execute(
                    "InsertHistoryEvent",
                    ("@instanceId", instanceId),
                    ("@executionId", executionId),
                    ("@sequenceNumber", sequenceNumber),
                    ("@eventType", (int)type),
                    ("@body", row.Body),
                    ("@payloadRefs", row.PayloadRefs));
            }
            catch (SqliteException error) when (IsDuplicateKey(error))
            {
                throw new DuplicateExecutionException($"history event {sequenceNumber} of execution '{executionId}' is already stored");
            }
        }

        context.Execute("DeleteInboxMessages", ("@instanceId", instanceId), ("@sequenceNumbers", Json(held.Messages)));
        var consumed = held.Messages;
        Mirror(context, ready => ready.RemoveMessages(instanceId, consumed));
        if (checkpoint.State is not null)
        {
            WriteInstanceState(context, effects, instanceId, held.ExecutionId, checkpoint.State, checkpoint.StateRow!);
        }
        if (checkpoint.NewExecution)
        {
            context.Execute("DeleteOtherExecutions", ("@instanceId", instanceId), ("@executionId", executionId));
        }

        foreach (var (message, activityExecutionId, row) in checkpoint.Activities)
        {
            var scheduled = (TaskScheduledEvent)message.Event;
            context.StorePayloads(row);
            var activityId = (long)context.Scalar(
                "InsertActivity",
                ("@instanceId", instanceId),
                ("@executionId", activityExecutionId ?? executionId),
                ("@queue", held.Queue),
                ("@name", scheduled.Name ?? string.Empty),
                ("@taskId", scheduled.EventId),
                ("@body", row.Body),
                ("@payloadRefs", row.PayloadRefs))!;
            var activity = new ReadyActivity(activityId, instanceId, held.Queue, scheduled.Name ?? string.Empty, message);
            Mirror(context, ready => ready.AddActivity(activity), activityQueue: held.Queue);
        }

        if (checkpoint.ContinuedAsNew is { Message.Event: ExecutionStartedEvent next } continued)
        {
            // Carryover: the new execution starts first, so that events carried over to it (sent below,
            // addressed to the new execution) and messages that arrived meanwhile find it.
            StartExecution(context, next, continued.PendingState!, keepInbox: true);
            InsertInbox(context, continued, RouteOf(next), next.OrchestrationInstance?.ExecutionId);
        }

        foreach (var message in checkpoint.Messages)
        {
            Deliver(context, message);
        }

        // The next episode may start while the commit is on its way to the disk (messages that arrived
        // while the instance was locked make it ready again).
        context.OnApplied(() =>
        {
            RememberHistory(instanceId, checkpoint, runtimeState);
            held.Consumed = true;
            ReleaseOrchestrationLock(held);
        });
    }

    // Memory was rebuilt from the file since this work item was handed out (see ReloadFromFile).
    private void ThrowIfRolledBack(long epoch)
    {
        if (epoch != _epoch)
        {
            throw new DuplicateExecutionException("a failed commit rolled back the state its work item was read from; it is handed out again");
        }
    }

    // The created time in the row wins over this one (see ReadStateRow).
    private OrchestrationState BuildState(OrchestrationRuntimeState runtimeState) =>
        OrchestrationStates.Of(runtimeState, runtimeState.CreatedTime, UtcNow);

    private void DroppedDuplicate(string instanceId, string reason)
    {
        Interlocked.Increment(ref _droppedDuplicates);
        _logger.DroppedDuplicateCheckpoint(instanceId, reason);
    }

    // A lock is often released twice: when its completion is applied, and again once that completion is
    // durable. Only the release that drops it wakes a worker; a second wake-up would find nothing, in the
    // middle of the next step.
    private void ReleaseOrchestrationLock(OrchestrationLock held)
    {
        lock (_lockGate)
        {
            if (!_orchestrationLocks.TryGetValue(held.InstanceId, out var current) || !ReferenceEquals(current, held))
            {
                return;
            }

            DropOrchestrationLock(held.InstanceId);
        }

        _orchestrationSignals.Pulse(held.Queue);
    }

    private void ReleaseActivityLock(ActivityLock held)
    {
        lock (_lockGate)
        {
            if (!_activityLocks.TryGetValue(held.Id, out var current) || !ReferenceEquals(current, held))
            {
                return;
            }

            DropActivityLock(held.Id);
        }

        _activitySignals.Pulse(held.Queue);
    }

    // Under the lock gate: the lock goes and the item's messages are back in their queue's order.
    private void DropOrchestrationLock(string instanceId)
    {
        _orchestrationLocks.Remove(instanceId);
        _ready.Release(instanceId);
    }

    private void DropActivityLock(long id)
    {
        _activityLocks.Remove(id);
        _ready.ReleaseActivity(id);
    }

    private int DeleteActivity(WriteContext context, long id)
    {
        var deleted = context.Execute("DeleteActivity", ("@activityId", id));
        Mirror(context, ready => ready.RemoveActivity(id));
        return deleted;
    }

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

            if (typeof(TWorkItem) == typeof(TaskOrchestrationWorkItem) && NextVisibleAt(queue, now.UtcDateTime) is { } due && due - now.UtcDateTime < wait)
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

    private DateTime? NextVisibleAt(string queue, DateTime now)
    {
        lock (_lockGate)
        {
            return _ready.NextVisibleAt(queue, Ticks(now)) is { } ticks ? FromTicks(ticks) : null;
        }
    }
}
