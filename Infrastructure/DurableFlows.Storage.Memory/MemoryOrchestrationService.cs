using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Storage.Memory;

/// <summary>
/// A backend that keeps everything in process memory: for tests, benchmarks and throw-away runs.
/// Nothing survives the process. One gate guards all state; work items are handed out by queue and
/// name without polling, because every change that makes work available wakes the waiters of its queue.
/// </summary>
public sealed partial class MemoryOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IReportingPurgeClient,
    IRoutedOrchestrationService,
    IDisposable
{
    private readonly Lock _gate = new();
    private readonly MemoryOrchestrationServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly Dictionary<string, InstanceEntry> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<InstanceEntry>> _readyInstances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<ActivityEntry>> _readyActivities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityEntry> _lockedActivities = new(StringComparer.Ordinal);
    private readonly HashSet<InstanceEntry> _lockedInstances = [];
    private readonly Dictionary<string, List<TaskCompletionSource>> _orchestrationWaiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource>> _activityWaiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource<OrchestrationState>>> _completionWaiters = new(StringComparer.Ordinal);
    private readonly PriorityQueue<TaskMessage, DateTime> _timers = new();

    private ITimer? _timerWakeup;
    private DateTime _timerWakeupAt = DateTime.MaxValue;
    private ITimer? _lockSweep;
    private long _nextActivityId;

    /// <summary>Creates an empty in-memory backend.</summary>
    public MemoryOrchestrationService(
        MemoryOrchestrationServiceOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? new MemoryOrchestrationServiceOptions();
        if (_options.MaxDequeueCount < 1 || _options.LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"Memory backend: MaxDequeueCount = {_options.MaxDequeueCount} and LockTimeout = {_options.LockTimeout}; expected a count of 1 or more and a positive time span.",
                nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MemoryOrchestrationService>();
        _lockSweep = _time.CreateTimer(_ => SweepExpiredLocks(), null, _options.LockSweepInterval, _options.LockSweepInterval);
    }

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => 100;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => 100;

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public Task StartAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(bool isForced) => Task.CompletedTask;

    /// <inheritdoc />
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: false);

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore)
    {
        if (recreateInstanceStore)
        {
            Reset();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore)
    {
        Reset();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc />
    public void Dispose()
    {
        _lockSweep?.Dispose();
        _lockSweep = null;
        _timerWakeup?.Dispose();
        _timerWakeup = null;
    }

    private void Reset()
    {
        lock (_gate)
        {
            _instances.Clear();
            _readyInstances.Clear();
            _readyActivities.Clear();
            _lockedActivities.Clear();
            _lockedInstances.Clear();
            _timers.Clear();
        }
    }

    /// <summary>
    /// Delivers one message to its instance. Must be called under the gate. An <see cref="ExecutionStartedEvent"/>
    /// starts a new execution (creation, restart, continue-as-new, sub-orchestration start); other messages for
    /// unknown, finished or superseded executions are dropped, as a finished orchestration cannot consume them.
    /// </summary>
    private void DeliverLocked(TaskMessage message)
    {
        var instanceId = message.OrchestrationInstance.InstanceId;
        var dueAt = GetVisibleAt(message);
        if (dueAt > UtcNow)
        {
            _timers.Enqueue(message, dueAt);
            ScheduleTimerWakeupLocked(dueAt);
            if (message.Event is ExecutionStartedEvent scheduledStart)
            {
                StartExecutionLocked(instanceId, scheduledStart);
            }

            return;
        }

        if (message.Event is ExecutionStartedEvent started)
        {
            if (_instances.TryGetValue(instanceId, out var scheduled) && scheduled.History.Count == 0 && scheduled.LockedBy is null
                && scheduled.ExecutionId == started.OrchestrationInstance?.ExecutionId && scheduled.State?.OrchestrationStatus == OrchestrationStatus.Pending)
            {
                // A scheduled start came due: events that arrived while it waited stay, after the start.
                scheduled.Inbox.Insert(0, message);
                MakeReadyLocked(scheduled);
                return;
            }

            var fresh = StartExecutionLocked(instanceId, started);
            fresh.Inbox.Add(message);
            MakeReadyLocked(fresh);
            return;
        }

        if (!_instances.TryGetValue(instanceId, out var entry))
        {
            _logger.DroppedMessageForUnknownInstance(message.Event.EventType.ToString(), instanceId);
            return;
        }

        var executionId = message.OrchestrationInstance.ExecutionId;
        if (entry.IsFinal || (executionId is not null && entry.ExecutionId is not null && executionId != entry.ExecutionId))
        {
            _logger.DroppedStaleMessage(message.Event.EventType.ToString(), instanceId, executionId);
            return;
        }

        entry.Inbox.Add(message);
        MakeReadyLocked(entry);
    }

    private InstanceEntry StartExecutionLocked(string instanceId, ExecutionStartedEvent started)
    {
        if (!_instances.TryGetValue(instanceId, out var entry))
        {
            entry = new InstanceEntry(instanceId);
            _instances.Add(instanceId, entry);
        }

        var now = UtcNow;
        entry.ExecutionId = started.OrchestrationInstance?.ExecutionId;
        entry.Name = started.Name;
        entry.Queue = InstanceTags.GetQueue(started);
        entry.History = [];
        entry.Inbox.Clear();

        entry.State = OrchestrationStates.Pending(started, now);
        return entry;
    }

    private static DateTime GetVisibleAt(TaskMessage message) => message.Event switch
    {
        TimerFiredEvent timer => timer.FireAt,
        ExecutionStartedEvent { ScheduledStartTime: { } at } => at,
        _ => DateTime.MinValue,
    };

    private void MakeReadyLocked(InstanceEntry entry)
    {
        if (entry.IsReady || entry.LockedBy is not null || entry.Inbox.Count == 0 || !entry.HasVisibleStart)
        {
            return;
        }

        entry.IsReady = true;
        GetOrAdd(_readyInstances, entry.Queue).AddLast(entry);
        WakeLocked(_orchestrationWaiters, entry.Queue);
    }

    private void EnqueueActivityLocked(string queue, TaskMessage message)
    {
        var id = (++_nextActivityId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        GetOrAdd(_readyActivities, queue).AddLast(new ActivityEntry(id, queue, message));
        WakeLocked(_activityWaiters, queue);
    }

    private static void WakeLocked(Dictionary<string, List<TaskCompletionSource>> waiters, string queue)
    {
        if (waiters.Remove(queue, out var list))
        {
            foreach (var waiter in list)
            {
                waiter.TrySetResult();
            }
        }
    }

    private static TValue GetOrAdd<TValue>(Dictionary<string, TValue> map, string key)
        where TValue : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new TValue();
            map.Add(key, value);
        }

        return value;
    }

    private void ScheduleTimerWakeupLocked(DateTime dueAt)
    {
        if (dueAt >= _timerWakeupAt)
        {
            return;
        }

        _timerWakeupAt = dueAt;
        var delay = dueAt - UtcNow;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        _timerWakeup?.Dispose();
        _timerWakeup = _time.CreateTimer(_ => FireDueTimers(), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void FireDueTimers()
    {
        lock (_gate)
        {
            _timerWakeupAt = DateTime.MaxValue;
            var now = UtcNow;
            while (_timers.TryPeek(out _, out var dueAt) && dueAt <= now)
            {
                var message = _timers.Dequeue();
                if (message.Event is ExecutionStartedEvent started)
                {
                    // The instance was created as Pending when the start was scheduled; a start superseded
                    // since (terminated, restarted, purged) is dropped.
                    if (_instances.TryGetValue(message.OrchestrationInstance.InstanceId, out var entry)
                        && entry.ExecutionId == started.OrchestrationInstance?.ExecutionId
                        && entry.State?.OrchestrationStatus == OrchestrationStatus.Pending)
                    {
                        entry.Inbox.Insert(0, message);
                        MakeReadyLocked(entry);
                    }

                    continue;
                }

                DeliverLocked(message);
            }

            if (_timers.TryPeek(out _, out var next))
            {
                ScheduleTimerWakeupLocked(next);
            }
        }
    }

    private void SweepExpiredLocks()
    {
        lock (_gate)
        {
            var now = UtcNow;
            foreach (var entry in _lockedInstances.Where(e => e.LockedUntilUtc <= now).ToList())
            {
                _logger.LockExpired("orchestration", entry.InstanceId);
                ReleaseInstanceLocked(entry, returnMessages: entry.LockedBy?.NewMessages);
            }

            foreach (var activity in _lockedActivities.Values.Where(a => a.LockedBy!.LockedUntilUtc <= now).ToList())
            {
                _logger.LockExpired("activity", activity.Id);
                _lockedActivities.Remove(activity.Id);
                activity.LockedBy = null;
                GetOrAdd(_readyActivities, activity.Queue).AddFirst(activity);
                WakeLocked(_activityWaiters, activity.Queue);
            }
        }
    }

    private void ReleaseInstanceLocked(InstanceEntry entry, IList<TaskMessage>? returnMessages)
    {
        entry.LockedBy = null;
        _lockedInstances.Remove(entry);
        if (returnMessages is not null && !entry.IsFinal)
        {
            entry.Inbox.InsertRange(0, returnMessages);
        }

        MakeReadyLocked(entry);
    }
}
