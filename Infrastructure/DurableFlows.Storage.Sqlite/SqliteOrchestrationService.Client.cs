using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <content>The client side: creating instances, sending messages, reading, querying and purging.</content>
public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) =>
        CreateTaskOrchestrationAsync(creationMessage, _defaultDedupeStatuses);

    /// <inheritdoc />
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent)
        {
            throw new ArgumentException(
                $"A creation message must carry an ExecutionStartedEvent, not {creationMessage.Event?.EventType.ToString() ?? "nothing"}.",
                nameof(creationMessage));
        }

        var prepared = Prepare(creationMessage);
        await WriteAsync((context, _) => Create(context, prepared, dedupeStatuses ?? []));
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var prepared = Prepare(message);
        return WriteAsync((context, _) => Deliver(context, prepared));
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prepared = messages.Select(Prepare).ToList();
        return WriteAsync((context, _) =>
        {
            foreach (var message in prepared)
            {
                Deliver(context, message);
            }
        });
    }

    /// <summary>
    /// Waits for the instance to finish. The state is read once, when the wait starts; after that the
    /// commit that finishes the instance hands the waiter its final state. Nothing polls the database.
    /// </summary>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(
        string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<OrchestrationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            if (!_completionWaiters.TryGetValue(instanceId, out var list))
            {
                list = [];
                _completionWaiters.Add(instanceId, list);
            }

            list.Add(waiter);
        }

        try
        {
            // Registered first, then read: a completion in between is not missed.
            var current = await GetOrchestrationStateAsync(instanceId, executionId);
            if (current is not null && IsFinal(current.OrchestrationStatus))
            {
                return current;
            }

            var done = await waiter.Task.WaitAsync(timeout, _time, cancellationToken);

            // As a read by execution id: another execution's end is not the one waited for.
            return executionId is null || done.OrchestrationInstance?.ExecutionId == executionId ? done : null!;
        }
        catch (TimeoutException)
        {
            return null!;
        }
        finally
        {
            lock (_waitersGate)
            {
                if (_completionWaiters.TryGetValue(instanceId, out var list) && list.Remove(waiter) && list.Count == 0)
                {
                    _completionWaiters.Remove(instanceId);
                }
            }
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
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var state = await GetOrchestrationStateAsync(instanceId, executionId: null!);
        return state is null ? [] : [state];
    }

    /// <inheritdoc />
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        Task.FromResult(Read("reading an instance", connection =>
        {
            var command = connection.Command("ReadInstance", ("@instanceId", instanceId));
            using var reader = command.ExecuteReader();
            if (!reader.Read() || (executionId is not null && reader.GetString(0) != executionId))
            {
                return null!;
            }

            return ReadStateRow(connection, reader, stateColumn: 4, withInputsAndOutputs: true);
        }));

    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) =>
        Task.FromResult(JsonDataConverter.Default.Serialize(GetHistory(instanceId, executionId)));

    /// <summary>Gets the history of an instance's current execution as events, in order.</summary>
    public IReadOnlyList<HistoryEvent> GetHistory(string instanceId, string? executionId = null) =>
        Read("reading a history", connection => ReadHistory(connection, instanceId, executionId));

    /// <summary>
    /// Pages instances by status, created time, instance-id prefix and (with <see cref="NamedOrchestrationQuery"/>)
    /// name, in instance-id order; the continuation token is the last instance id of the page.
    /// </summary>
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = query.PageSize > 0 ? query.PageSize : 100;
        var names = (query as NamedOrchestrationQuery)?.Names;
        return Task.FromResult(Read("querying instances", connection =>
        {
            var command = connection.Command(
                "QueryInstances",
                ("@statuses", query.RuntimeStatus is { Count: > 0 } statuses ? Json(statuses.Select(s => (int)s)) : null),
                ("@createdFrom", query.CreatedTimeFrom is { } from ? Ticks(from) : null),
                ("@createdTo", query.CreatedTimeTo is { } to ? Ticks(to) : null),
                ("@names", names is { Count: > 0 } ? Json(names) : null),
                ("@prefix", string.IsNullOrEmpty(query.InstanceIdPrefix) ? null : query.InstanceIdPrefix),
                ("@after", query.ContinuationToken),
                ("@limit", pageSize + 1));
            var states = new List<OrchestrationState>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    states.Add(ReadStateRow(connection, reader, stateColumn: 5, query.FetchInputsAndOutputs));
                }
            }

            var hasMore = states.Count > pageSize;
            if (hasMore)
            {
                states.RemoveAt(states.Count - 1);
            }

            return new OrchestrationQueryResult(states, hasMore ? states[^1].OrchestrationInstance.InstanceId : null);
        }));
    }

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        new((await PurgeAsync([instanceId])).Count);

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) =>
        new((await PurgeInstancesAsync(purgeInstanceFilter)).Count);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> PurgeInstancesAsync(PurgeInstanceFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var ids = SelectPurgeable(
            ("@statuses", filter.RuntimeStatus?.Any() == true ? Json(filter.RuntimeStatus.Select(s => (int)s)) : null),
            ("@createdFrom", Ticks(filter.CreatedTimeFrom)),
            ("@createdTo", filter.CreatedTimeTo is { } to ? Ticks(to) : null),
            ("@completedBefore", null),
            ("@updatedBefore", null));
        return await PurgeAsync(ids);
    }

    /// <inheritdoc />
    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var threshold = Ticks(thresholdDateTimeUtc);
        var ids = SelectPurgeable(
            ("@statuses", null),
            ("@createdFrom", null),
            ("@createdTo", timeRangeFilterType == OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter ? threshold - 1 : null),
            ("@completedBefore", timeRangeFilterType == OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter ? threshold : null),
            ("@updatedBefore", timeRangeFilterType == OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter ? threshold : null));
        await PurgeAsync(ids);
    }

    private List<string> SelectPurgeable(params (string Name, object? Value)[] parameters) =>
        Read("selecting instances to purge", connection =>
        {
            var command = connection.Command("SelectPurgeable", parameters);
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });

    /// <summary>Deletes finished instances with their history, inbox, activities and payloads, in one commit.</summary>
    /// <returns>The ids of the instances deleted: those that existed and were finished when the commit ran.</returns>
    private async Task<List<string>> PurgeAsync(IReadOnlyCollection<string> instanceIds)
    {
        if (instanceIds.Count == 0)
        {
            return [];
        }

        return await _writer.EnqueueAsync(context =>
        {
            var purged = new List<string>();
            foreach (var instanceId in instanceIds)
            {
                if (ReadRoute(context, instanceId) is { } route && IsFinal(route.Status))
                {
                    context.Execute("PurgeInstance", ("@instanceId", instanceId));
                    Mirror(context, ready =>
                    {
                        ready.RemoveMessages(instanceId);
                        ready.RemoveActivities(instanceId);
                    });
                    context.OnApplied(() => _historyCache.Remove(instanceId));
                    purged.Add(instanceId);
                }
            }

            return purged;
        });
    }

    // The row's columns are the truth for times; the JSON state carries everything else.
    private OrchestrationState ReadStateRow(StatementCache connection, SqliteDataReader reader, int stateColumn, bool withInputsAndOutputs)
    {
        var payloadRefs = reader.IsDBNull(stateColumn + 1) ? null : reader.GetString(stateColumn + 1);
        var state = _codec.Decode<OrchestrationState>(reader.GetString(stateColumn), payloadRefs, ReadPayloads(connection, [payloadRefs]));
        state.CreatedTime = FromTicks(reader.GetInt64(stateColumn - 2));
        state.LastUpdatedTime = FromTicks(reader.GetInt64(stateColumn - 1));
        if (!withInputsAndOutputs)
        {
            state.Input = null;
            state.Output = null;
        }

        return state;
    }
}
