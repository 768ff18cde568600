using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;

namespace DurableFlows.Storage.Memory;

/// <content>The client side: creating instances, sending messages, reading, querying and purging.</content>
public sealed partial class MemoryOrchestrationService
{
    private static readonly OrchestrationStatus[] DefaultDedupeStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) =>
        CreateTaskOrchestrationAsync(creationMessage, DefaultDedupeStatuses);

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent)
        {
            throw new ArgumentException(
                $"A creation message must carry an ExecutionStartedEvent, not {creationMessage.Event?.EventType.ToString() ?? "nothing"}.",
                nameof(creationMessage));
        }

        var instanceId = creationMessage.OrchestrationInstance.InstanceId;
        lock (_gate)
        {
            if (_instances.TryGetValue(instanceId, out var existing) && existing.State is not null
                && dedupeStatuses is not null && dedupeStatuses.Contains(existing.State.OrchestrationStatus))
            {
                throw new OrchestrationAlreadyExistsException(
                    $"An orchestration with id '{instanceId}' already exists; it is {existing.State.OrchestrationStatus}.");
            }

            if (existing?.LockedBy is not null)
            {
                // A worker holds the old execution; its checkpoint will be dropped as a duplicate.
                _lockedInstances.Remove(existing);
                existing.LockedBy = null;
            }

            if (existing is { IsReady: true })
            {
                _readyInstances[existing.Queue].Remove(existing);
                existing.IsReady = false;
            }

            DeliverLocked(creationMessage);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            DeliverLocked(message);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        lock (_gate)
        {
            foreach (var message in messages)
            {
                DeliverLocked(message);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<OrchestrationState> WaitForOrchestrationAsync(
        string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource<OrchestrationState> waiter;
        lock (_gate)
        {
            if (_instances.TryGetValue(instanceId, out var entry) && entry.IsFinal)
            {
                return OrchestrationStates.Copy(entry.State!, withInputsAndOutputs: true);
            }

            waiter = new TaskCompletionSource<OrchestrationState>(TaskCreationOptions.RunContinuationsAsynchronously);
            GetOrAdd(_completionWaiters, instanceId).Add(waiter);
        }

        try
        {
            var state = await waiter.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return OrchestrationStates.Copy(state, withInputsAndOutputs: true);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                if (_completionWaiters.TryGetValue(instanceId, out var list))
                {
                    list.Remove(waiter);
                }
            }

            return null!;
        }
    }

    /// <inheritdoc />
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });

    /// <inheritdoc />
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        lock (_gate)
        {
            IList<OrchestrationState> result = _instances.TryGetValue(instanceId, out var entry) && entry.State is not null
                ? [OrchestrationStates.Copy(entry.State, withInputsAndOutputs: true)]
                : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        lock (_gate)
        {
            var state = _instances.TryGetValue(instanceId, out var entry) && entry.State is not null
                && (executionId is null || executionId == entry.ExecutionId)
                    ? OrchestrationStates.Copy(entry.State, withInputsAndOutputs: true)
                    : null;
            return Task.FromResult(state!);
        }
    }

    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        List<HistoryEvent> history;
        lock (_gate)
        {
            history = _instances.TryGetValue(instanceId, out var entry) && (executionId is null || executionId == entry.ExecutionId)
                ? [.. entry.History]
                : [];
        }

        return Task.FromResult(JsonDataConverter.Default.Serialize(history));
    }

    /// <summary>Gets the history of an instance's current execution as events, in order.</summary>
    public IReadOnlyList<HistoryEvent> GetHistory(string instanceId)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(instanceId, out var entry) ? [.. entry.History] : [];
        }
    }

    /// <inheritdoc />
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = query.PageSize > 0 ? query.PageSize : 100;
        lock (_gate)
        {
            // Pages are ordered by instance id; the continuation token is the last id returned.
            var page = _instances.Values
                .Where(e => e.State is not null && Matches(e.State, query))
                .Where(e => query.ContinuationToken is null || string.CompareOrdinal(e.InstanceId, query.ContinuationToken) > 0)
                .OrderBy(e => e.InstanceId, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
            var hasMore = page.Count > pageSize;
            var states = page.Take(pageSize).Select(e => OrchestrationStates.Copy(e.State!, query.FetchInputsAndOutputs)).ToList();
            var token = hasMore ? states[^1].OrchestrationInstance.InstanceId : null;
            return Task.FromResult(new OrchestrationQueryResult(states, token));
        }
    }

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        lock (_gate)
        {
            var purged = _instances.TryGetValue(instanceId, out var entry) && entry.IsFinal && _instances.Remove(instanceId);
            return Task.FromResult(new PurgeResult(purged ? 1 : 0));
        }
    }

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) =>
        new((await PurgeInstancesAsync(purgeInstanceFilter).ConfigureAwait(false)).Count);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> PurgeInstancesAsync(PurgeInstanceFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var ids = _instances.Values
                .Where(e => e.IsFinal
                    && e.State!.CreatedTime >= filter.CreatedTimeFrom
                    && (filter.CreatedTimeTo is null || e.State.CreatedTime <= filter.CreatedTimeTo)
                    && (filter.RuntimeStatus is null || !filter.RuntimeStatus.Any()
                        || filter.RuntimeStatus.Contains(e.State.OrchestrationStatus)))
                .Select(e => e.InstanceId)
                .ToList();
            foreach (var id in ids)
            {
                _instances.Remove(id);
            }

            return Task.FromResult<IReadOnlyList<string>>(ids);
        }
    }

    /// <inheritdoc />
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        lock (_gate)
        {
            var ids = _instances.Values
                .Where(e => e.IsFinal && TimeOf(e.State!, timeRangeFilterType) < thresholdDateTimeUtc)
                .Select(e => e.InstanceId)
                .ToList();
            foreach (var id in ids)
            {
                _instances.Remove(id);
            }
        }

        return Task.CompletedTask;
    }

    private static DateTime TimeOf(OrchestrationState state, OrchestrationStateTimeRangeFilterType type) => type switch
    {
        OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => state.CreatedTime,
        OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => state.CompletedTime,
        OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => state.LastUpdatedTime,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Expected a created, completed or last-updated filter."),
    };

    private static bool Matches(OrchestrationState state, OrchestrationQuery query) =>
        (query.RuntimeStatus is null || query.RuntimeStatus.Count == 0 || query.RuntimeStatus.Contains(state.OrchestrationStatus))
        && (query.CreatedTimeFrom is null || state.CreatedTime >= query.CreatedTimeFrom)
        && (query.CreatedTimeTo is null || state.CreatedTime <= query.CreatedTimeTo)
        && (query.InstanceIdPrefix is null || state.OrchestrationInstance.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
        && (query is not NamedOrchestrationQuery { Names: { Count: > 0 } names } || names.Contains(state.Name));
}
