using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage.Memory;

/// <content>Locking, completing and abandoning work items.</content>
public sealed partial class MemoryOrchestrationService
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
        return WaitForWorkAsync(_orchestrationWaiters, selector.Queue, () => TryLockOrchestrationLocked(selector), receiveTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItemAsync(
        WorkItemSelector selector, TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return WaitForWorkAsync(_activityWaiters, selector.Queue, () => TryLockActivityLocked(selector), receiveTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_instances.TryGetValue(workItem.InstanceId, out var entry) && ReferenceEquals(entry.LockedBy, workItem))
            {
                entry.LockedUntilUtc = workItem.LockedUntilUtc = UtcNow + _options.LockTimeout;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_lockedActivities.TryGetValue(workItem.Id, out var entry) && ReferenceEquals(entry.LockedBy, workItem))
            {
                workItem.LockedUntilUtc = UtcNow + _options.LockTimeout;
            }
        }

        return Task.FromResult(workItem);
    }

    /// <inheritdoc />
    public Task CompleteTaskOrchestrationWorkItemAsync(
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
        lock (_gate)
        {
            if (!_instances.TryGetValue(workItem.InstanceId, out var entry) || !ReferenceEquals(entry.LockedBy, workItem))
            {
                _logger.DroppedDuplicateCheckpoint(workItem.InstanceId);
                return Task.CompletedTask;
            }

            var executionId = newOrchestrationRuntimeState.OrchestrationInstance?.ExecutionId;
            if (continuedAsNewMessage?.Event is ExecutionStartedEvent next)
            {
                // Continue-as-new by message: the old execution's history goes, and the new execution
                // starts with its start message; messages addressed to the old execution are dropped.
                var nextExecution = next.OrchestrationInstance?.ExecutionId;
                entry.History = [];
                entry.ExecutionId = nextExecution;
                entry.Inbox.RemoveAll(m => m.OrchestrationInstance.ExecutionId is { } id && id != nextExecution);
                entry.Inbox.Insert(0, continuedAsNewMessage);
            }
            else if (executionId is not null && executionId != entry.ExecutionId)
            {
                // Continue-as-new with a fresh runtime state: the new execution's history replaces the old one.
                entry.History = [.. newOrchestrationRuntimeState.Events];
                entry.ExecutionId = executionId;
            }
            else
            {
                entry.History.AddRange(newOrchestrationRuntimeState.NewEvents);
            }

            entry.Deliveries = 0;

            entry.State = orchestrationState ?? BuildState(entry, newOrchestrationRuntimeState);
            entry.State.LastUpdatedTime = UtcNow;

            foreach (var message in outboundMessages ?? [])
            {
                EnqueueActivityLocked(entry.Queue, message);
            }

            foreach (var message in (orchestratorMessages ?? []).Concat(timerMessages ?? []))
            {
                DeliverLocked(message);
            }

            ReleaseInstanceLocked(entry, returnMessages: null);

            if (entry.IsFinal)
            {
                entry.Inbox.Clear();
                SignalFinishedLocked(entry);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_instances.TryGetValue(workItem.InstanceId, out var entry) && ReferenceEquals(entry.LockedBy, workItem))
            {
                ReleaseInstanceLocked(entry, workItem.NewMessages);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        // Completion already released the instance; a release without completion hands the messages back.
        return AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    /// <inheritdoc />
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (!_lockedActivities.TryGetValue(workItem.Id, out var entry) || !ReferenceEquals(entry.LockedBy, workItem))
            {
                _logger.DroppedDuplicateActivityCompletion(workItem.Id);
                return Task.CompletedTask;
            }

            _lockedActivities.Remove(workItem.Id);
            if (responseMessage is not null)
            {
                DeliverLocked(responseMessage);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            if (_lockedActivities.Remove(workItem.Id, out var entry) && ReferenceEquals(entry.LockedBy, workItem))
            {
                entry.LockedBy = null;
                GetOrAdd(_readyActivities, entry.Queue).AddFirst(entry);
                WakeLocked(_activityWaiters, entry.Queue);
            }
        }

        return Task.CompletedTask;
    }

    private TaskOrchestrationWorkItem? TryLockOrchestrationLocked(WorkItemSelector selector)
    {
        if (!_readyInstances.TryGetValue(selector.Queue, out var ready))
        {
            return null;
        }

        for (var node = ready.First; node is not null; node = node.Next)
        {
            var entry = node.Value;
            if (!selector.AcceptsOrchestration(entry.Queue, NameOf(entry)))
            {
                continue;
            }

            ready.Remove(node);
            entry.IsReady = false;
            if (entry.Deliveries >= _options.MaxDequeueCount)
            {
                FailPoisonedInstanceLocked(entry);
                continue;
            }

            entry.Deliveries++;
            var messages = entry.Inbox.ToList();
            entry.Inbox.Clear();
            var workItem = new TaskOrchestrationWorkItem
            {
                InstanceId = entry.InstanceId,
                OrchestrationRuntimeState = new OrchestrationRuntimeState(entry.History.ToList()),
                NewMessages = messages,
                LockedUntilUtc = UtcNow + _options.LockTimeout,
            };
            entry.LockedBy = workItem;
            entry.LockedUntilUtc = workItem.LockedUntilUtc;
            _lockedInstances.Add(entry);
            return workItem;
        }

        return null;
    }

    // A pending instance's name is in its state; an instance whose history was lost to purge has only its messages.
    private static string NameOf(InstanceEntry entry) =>
        entry.Name.Length > 0 ? entry.Name : (entry.Inbox.Select(m => m.Event).OfType<ExecutionStartedEvent>().FirstOrDefault()?.Name ?? string.Empty);

    private TaskActivityWorkItem? TryLockActivityLocked(WorkItemSelector selector)
    {
        if (!_readyActivities.TryGetValue(selector.Queue, out var ready))
        {
            return null;
        }

        for (var node = ready.First; node is not null; node = node.Next)
        {
            var entry = node.Value;
            var name = (entry.Message.Event as TaskScheduledEvent)?.Name ?? string.Empty;
            if (!selector.AcceptsActivity(entry.Queue, name))
            {
                continue;
            }

            ready.Remove(node);
            if (entry.DequeueCount >= _options.MaxDequeueCount)
            {
                FailPoisonedActivityLocked(entry);
                continue;
            }

            entry.DequeueCount++;
            var workItem = new TaskActivityWorkItem
            {
                Id = entry.Id,
                TaskMessage = entry.Message,
                LockedUntilUtc = UtcNow + _options.LockTimeout,
                DeliveryAttempt = entry.DequeueCount,
            };
            entry.LockedBy = workItem;
            _lockedActivities.Add(entry.Id, entry);
            return workItem;
        }

        return null;
    }

    private async Task<TWorkItem?> WaitForWorkAsync<TWorkItem>(
        Dictionary<string, List<TaskCompletionSource>> waiters,
        string queue,
        Func<TWorkItem?> tryLock,
        TimeSpan receiveTimeout,
        CancellationToken cancellationToken)
        where TWorkItem : class
    {
        var deadline = receiveTimeout == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + receiveTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TaskCompletionSource signal;
            lock (_gate)
            {
                var workItem = tryLock();
                if (workItem is not null)
                {
                    return workItem;
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                GetOrAdd(waiters, queue).Add(signal);
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await signal.Task.WaitAsync(remaining == TimeSpan.MaxValue || deadline == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : remaining, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_gate)
                {
                    if (waiters.TryGetValue(queue, out var list))
                    {
                        list.Remove(signal);
                    }

                    return tryLock();
                }
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    if (waiters.TryGetValue(queue, out var list))
                    {
                        list.Remove(signal);
                    }
                }

                throw;
            }
        }
    }

    /// <summary>Fails an instance whose messages were handed out too often, drops them and tells its parent.</summary>
    private void FailPoisonedInstanceLocked(InstanceEntry entry)
    {
        _logger.PoisonInstance(entry.InstanceId, entry.Deliveries, _options.MaxDequeueCount);
        var reason =
            $"Poison message: the messages of instance '{entry.InstanceId}' were handed to workers {entry.Deliveries} times without a checkpoint " +
            $"(MaxDequeueCount = {_options.MaxDequeueCount}); the instance was failed so they are not delivered again.";
        entry.Inbox.Clear();
        var state = entry.State ?? new OrchestrationState
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = entry.InstanceId, ExecutionId = entry.ExecutionId },
            Name = entry.Name,
            CreatedTime = UtcNow,
        };
        state.OrchestrationStatus = OrchestrationStatus.Failed;
        state.Output = reason;
        state.FailureDetails = new FailureDetails("PoisonMessage", reason, null, null, true);
        state.LastUpdatedTime = state.CompletedTime = UtcNow;
        entry.State = state;
        if (state.ParentInstance is { } parent)
        {
            DeliverLocked(new TaskMessage
            {
                OrchestrationInstance = parent.OrchestrationInstance,
                Event = new SubOrchestrationInstanceFailedEvent(-1, parent.TaskScheduleId, reason, null, state.FailureDetails),
            });
        }

        SignalFinishedLocked(entry);
    }

    // The waiters' continuations run asynchronously, so completing them under the gate is safe.
    private void SignalFinishedLocked(InstanceEntry entry)
    {
        if (_completionWaiters.Remove(entry.InstanceId, out var waiters))
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(entry.State!);
            }
        }
    }

    /// <summary>Fails an activity that was handed out too often and tells its orchestration why.</summary>
    private void FailPoisonedActivityLocked(ActivityEntry entry)
    {
        var scheduled = (TaskScheduledEvent)entry.Message.Event;
        _logger.PoisonActivity(scheduled.Name ?? string.Empty, entry.Id, entry.Message.OrchestrationInstance.InstanceId, entry.DequeueCount, _options.MaxDequeueCount);
        var reason =
            $"Poison message: activity '{scheduled.Name}' was handed to workers {entry.DequeueCount} times without completing " +
            $"(MaxDequeueCount = {_options.MaxDequeueCount}); it was failed so it is not delivered again.";
        DeliverLocked(new TaskMessage
        {
            OrchestrationInstance = entry.Message.OrchestrationInstance,
            Event = new TaskFailedEvent(-1, scheduled.EventId, reason, null, new FailureDetails("PoisonMessage", reason, null, null, true)),
        });
    }

    private OrchestrationState BuildState(InstanceEntry entry, OrchestrationRuntimeState runtimeState) =>
        OrchestrationStates.Of(runtimeState, entry.State?.CreatedTime ?? runtimeState.CreatedTime, UtcNow);
}
