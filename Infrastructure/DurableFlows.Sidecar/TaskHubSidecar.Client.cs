using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <content>The client side: starting, reading, signalling, querying and purging instances.</content>
public sealed partial class TaskHubSidecar
{
    private const int HistoryChunkSize = 200;

    // How often a WaitForInstanceStart looks at the store when no checkpoint woke it.
    private static readonly TimeSpan _startRecheckInterval = TimeSpan.FromSeconds(1);

    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();

    // Without a reuse policy an id can be reused once its instance has ended, as in Durable Functions.
    private static readonly OrchestrationStatus[] ActiveStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended, OrchestrationStatus.ContinuedAsNew];

    /// <inheritdoc />
    public override async Task<P.CreateInstanceResponse> StartInstance(P.CreateInstanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw InvalidArgument("StartInstance needs the orchestration's name; the request had none.");
        }

        var instanceId = string.IsNullOrEmpty(request.InstanceId) ? Guid.NewGuid().ToString("N") : request.InstanceId;
        var instance = new OrchestrationInstance
        {
            InstanceId = instanceId,
            ExecutionId = string.IsNullOrEmpty(request.ExecutionId) ? Guid.NewGuid().ToString("N") : request.ExecutionId,
        };
        var started = new ExecutionStartedEvent(-1, request.Input)
        {
            Name = request.Name,
            Version = request.Version,
            OrchestrationInstance = instance,
            Tags = new Dictionary<string, string>(request.Tags),
            ScheduledStartTime = ProtoConvert.ToDateTime(request.ScheduledStartTimestamp),
        };
        var dedupe = request.OrchestrationIdReusePolicy is { } policy
            ? AllStatuses.Except(policy.ReplaceableStatus.Select(ProtoConvert.FromProto)).ToArray()
            : ActiveStatuses;
        try
        {
            await Backend.Client.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, dedupe).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, e.Message));
        }

        return new P.CreateInstanceResponse { InstanceId = instanceId };
    }

    /// <inheritdoc />
    public override async Task<P.GetInstanceResponse> GetInstance(P.GetInstanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await ReadStateAsync(request.InstanceId).ConfigureAwait(false);
        return Describe(state, request.GetInputsAndOutputs);
    }

    /// <inheritdoc />
    public override async Task<P.GetInstanceResponse> WaitForInstanceStart(P.GetInstanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        while (true)
        {
            // Woken by this sidecar's next checkpoint of the instance; the state is read again every
            // second as well, for changes that reach the store another way.
            var checkpointed = _engine.Checkpoints.Register(request.InstanceId);
            try
            {
                var state = await ReadStateAsync(request.InstanceId).ConfigureAwait(false);
                if (state is not null && state.OrchestrationStatus != OrchestrationStatus.Pending)
                {
                    return Describe(state, request.GetInputsAndOutputs);
                }

                await checkpointed.Task.WaitAsync(_startRecheckInterval, _engine.Time, context.CancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
            finally
            {
                _engine.Checkpoints.Unregister(request.InstanceId, checkpointed);
            }
        }
    }

    /// <inheritdoc />
    public override async Task<P.GetInstanceResponse> WaitForInstanceCompletion(P.GetInstanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var state = await ReadStateAsync(request.InstanceId).ConfigureAwait(false);
        if (state is null || IsFinal(state.OrchestrationStatus))
        {
            return Describe(state, request.GetInputsAndOutputs);
        }

        var done = await Backend.Client.WaitForOrchestrationAsync(request.InstanceId, null!, Timeout.InfiniteTimeSpan, context.CancellationToken).ConfigureAwait(false);
        return Describe(done ?? await ReadStateAsync(request.InstanceId).ConfigureAwait(false), request.GetInputsAndOutputs);
    }

    /// <inheritdoc />
    public override async Task<P.RaiseEventResponse> RaiseEvent(P.RaiseEventRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Name))
        {
            throw InvalidArgument($"RaiseEvent on '{request.InstanceId}' needs an event name; the request had none.");
        }

        await RequireAsync(request.InstanceId).ConfigureAwait(false);
        await SendAsync(request.InstanceId, new EventRaisedEvent(-1, request.Input) { Name = request.Name }).ConfigureAwait(false);
        return new P.RaiseEventResponse();
    }

    /// <inheritdoc />
    public override async Task<P.TerminateResponse> TerminateInstance(P.TerminateRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await RequireAsync(request.InstanceId).ConfigureAwait(false);
        await TerminateAsync(request.InstanceId, request.Output, request.Recursive).ConfigureAwait(false);
        return new P.TerminateResponse();
    }

    /// <inheritdoc />
    public override async Task<P.SuspendResponse> SuspendInstance(P.SuspendRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await RequireAsync(request.InstanceId).ConfigureAwait(false);
        await SendAsync(request.InstanceId, new ExecutionSuspendedEvent(-1, request.Reason)).ConfigureAwait(false);
        return new P.SuspendResponse();
    }

    /// <inheritdoc />
    public override async Task<P.ResumeResponse> ResumeInstance(P.ResumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await RequireAsync(request.InstanceId).ConfigureAwait(false);
        await SendAsync(request.InstanceId, new ExecutionResumedEvent(-1, request.Reason)).ConfigureAwait(false);
        return new P.ResumeResponse();
    }

    /// <inheritdoc />
    public override async Task<P.RestartInstanceResponse> RestartInstance(P.RestartInstanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await RequireAsync(request.InstanceId).ConfigureAwait(false);
        if (!IsFinal(state.OrchestrationStatus))
        {
            throw new RpcException(new Status(
                StatusCode.FailedPrecondition,
                $"Instance '{request.InstanceId}' is {state.OrchestrationStatus}; only a completed, failed or terminated instance can be restarted."));
        }

        var instanceId = request.RestartWithNewInstanceId ? Guid.NewGuid().ToString("N") : request.InstanceId;
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var started = new ExecutionStartedEvent(-1, state.Input)
        {
            Name = state.Name,
            Version = state.Version,
            OrchestrationInstance = instance,
            Tags = state.Tags is null ? [] : new Dictionary<string, string>(state.Tags),
        };
        await Backend.Client.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, ActiveStatuses).ConfigureAwait(false);
        return new P.RestartInstanceResponse { InstanceId = instanceId };
    }

    /// <inheritdoc />
    public override async Task<P.QueryInstancesResponse> QueryInstances(P.QueryInstancesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var query = Backend.Query ?? throw new RpcException(new Status(StatusCode.Unimplemented, $"The '{Backend.Type}' storage provider cannot query instances."));
        var filter = request.Query ?? new P.InstanceQuery();
        var result = await query.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery
            {
                RuntimeStatus = filter.RuntimeStatus.Count == 0 ? null : [.. filter.RuntimeStatus.Select(ProtoConvert.FromProto)],
                CreatedTimeFrom = ProtoConvert.ToDateTime(filter.CreatedTimeFrom),
                CreatedTimeTo = ProtoConvert.ToDateTime(filter.CreatedTimeTo),
                InstanceIdPrefix = string.IsNullOrEmpty(filter.InstanceIdPrefix) ? null : filter.InstanceIdPrefix,
                PageSize = filter.MaxInstanceCount > 0 ? filter.MaxInstanceCount : 100,
                ContinuationToken = string.IsNullOrEmpty(filter.ContinuationToken) ? null : filter.ContinuationToken,
                FetchInputsAndOutputs = filter.FetchInputsAndOutputs,
            },
            context.CancellationToken).ConfigureAwait(false);
        var response = new P.QueryInstancesResponse { ContinuationToken = result.ContinuationToken };
        response.OrchestrationState.AddRange(result.OrchestrationState.Select(s => ProtoConvert.ToProto(s, filter.FetchInputsAndOutputs)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<P.PurgeInstancesResponse> PurgeInstances(P.PurgeInstancesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var purge = Backend.Purge ?? throw new RpcException(new Status(StatusCode.Unimplemented, $"The '{Backend.Type}' storage provider cannot purge instances."));
        var purged = new List<string>();
        int unnamed;
        try
        {
            unnamed = await PurgeAsync(request, purge, purged).ConfigureAwait(false);
        }
        finally
        {
            // A recursive purge that fails part way has still removed some instances for good.
            await TellPurgedAsync(purged).ConfigureAwait(false);
        }

        return new P.PurgeInstancesResponse { DeletedInstanceCount = purged.Count + unnamed, IsComplete = true };
    }

    /// <inheritdoc />
    public override async Task StreamInstanceHistory(P.StreamInstanceHistoryRequest request, IServerStreamWriter<P.HistoryChunk> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        await RequireAsync(request.InstanceId).ConfigureAwait(false);
        var history = await ReadHistoryAsync(request.InstanceId, request.ExecutionId).ConfigureAwait(false);
        foreach (var chunk in history.Select(ProtoConvert.ToProto).OfType<P.HistoryEvent>().Chunk(HistoryChunkSize))
        {
            var message = new P.HistoryChunk();
            message.Events.AddRange(chunk);
            await responseStream.WriteAsync(message, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TerminateAsync(string instanceId, string? output, bool recursive)
    {
        // The parent's termination goes first: when a terminated child's failure notice reaches the
        // parent, the termination is already in its inbox and wins, so the parent ends Terminated.
        var children = recursive ? await ActiveChildrenAsync(instanceId).ConfigureAwait(false) : [];
        await Backend.Client.ForceTerminateTaskOrchestrationAsync(instanceId, output).ConfigureAwait(false);
        if (await ReadStateAsync(instanceId).ConfigureAwait(false) is { } state)
        {
            await _engine.SettleTerminationsAsync(Storage.InstanceTags.GetQueue(state.Tags), CancellationToken.None).ConfigureAwait(false);
        }

        if (children.Count > 0)
        {
            _logger.TerminatingChildren(instanceId, children.Count);
        }

        foreach (var child in children)
        {
            await TerminateAsync(child, output, recursive: true).ConfigureAwait(false);
        }
    }

    // Adds the ids of the instances purged to purged, and returns how many more a backend purged without naming them.
    private async Task<int> PurgeAsync(P.PurgeInstancesRequest request, IOrchestrationServicePurgeClient purge, List<string> purged)
    {
        switch (request.RequestCase)
        {
            case P.PurgeInstancesRequest.RequestOneofCase.InstanceId:
                await PurgeAsync(request.InstanceId, request.Recursive, purged).ConfigureAwait(false);
                return 0;
            case P.PurgeInstancesRequest.RequestOneofCase.InstanceBatch:
                foreach (var id in request.InstanceBatch.InstanceIds)
                {
                    await PurgeAsync(id, request.Recursive, purged).ConfigureAwait(false);
                }

                return 0;
            case P.PurgeInstancesRequest.RequestOneofCase.PurgeInstanceFilter:
                var proto = request.PurgeInstanceFilter;
                var filter = new PurgeInstanceFilter(
                    ProtoConvert.ToDateTime(proto.CreatedTimeFrom) ?? DateTime.MinValue,
                    ProtoConvert.ToDateTime(proto.CreatedTimeTo),
                    proto.RuntimeStatus.Count == 0 ? null : proto.RuntimeStatus.Select(ProtoConvert.FromProto).ToList());
                if (Backend.ReportingPurge is { } reporting)
                {
                    purged.AddRange(await reporting.PurgeInstancesAsync(filter).ConfigureAwait(false));
                    return 0;
                }

                var unnamed = (await purge.PurgeInstanceStateAsync(filter).ConfigureAwait(false)).DeletedInstanceCount;
                if (unnamed > 0 && _purgeListener is not null)
                {
                    _logger.PurgedInstancesUnnamed(unnamed, Backend.Type);
                }

                return unnamed;
            default:
                throw InvalidArgument("PurgeInstances needs an instance id, a batch of ids or a filter; the request had none.");
        }
    }

    private async Task PurgeAsync(string instanceId, bool recursive, List<string> purged)
    {
        if (recursive)
        {
            foreach (var child in await ChildrenAsync(instanceId).ConfigureAwait(false))
            {
                await PurgeAsync(child, recursive: true, purged).ConfigureAwait(false);
            }
        }

        if ((await Backend.Purge!.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false)).DeletedInstanceCount > 0)
        {
            purged.Add(instanceId);
        }
    }

    // The purge is committed by now: a listener that fails is logged, and the caller still learns what was purged.
    // It is not tied to the caller's cancellation either, so a client that gives up does not leave the cleanup half done.
    private async Task TellPurgedAsync(List<string> purged)
    {
        if (_purgeListener is null || purged.Count == 0)
        {
            return;
        }

        try
        {
            await _purgeListener.InstancesPurgedAsync(purged, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.PurgeListenerFailed(e, purged.Count, string.Join(", ", purged.Take(10)));
        }
    }

    private async Task<List<string>> ActiveChildrenAsync(string instanceId)
    {
        var active = new List<string>();
        foreach (var child in await ChildrenAsync(instanceId).ConfigureAwait(false))
        {
            if (await ReadStateAsync(child).ConfigureAwait(false) is { } state && !IsFinal(state.OrchestrationStatus))
            {
                active.Add(child);
            }
        }

        return active;
    }

    private async Task<List<string>> ChildrenAsync(string instanceId)
    {
        var history = await ReadHistoryAsync(instanceId, executionId: null).ConfigureAwait(false);
        return [.. history.OfType<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId).Distinct(StringComparer.Ordinal)];
    }

    private async Task<List<HistoryEvent>> ReadHistoryAsync(string instanceId, string? executionId)
    {
        var json = await Backend.Client.GetOrchestrationHistoryAsync(instanceId, executionId!).ConfigureAwait(false);
        return string.IsNullOrEmpty(json) ? [] : JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(json) ?? [];
    }

    private async Task<OrchestrationState?> ReadStateAsync(string instanceId)
    {
        if (string.IsNullOrEmpty(instanceId))
        {
            throw InvalidArgument("The request needs an instance id; it had none.");
        }

        var states = await Backend.Client.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        return states?.FirstOrDefault(s => s is not null);
    }

    private async Task<OrchestrationState> RequireAsync(string instanceId) =>
        await ReadStateAsync(instanceId).ConfigureAwait(false) ?? throw NotFound(instanceId);

    private Task SendAsync(string instanceId, HistoryEvent e) =>
        Backend.Client.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = e });

    private static P.GetInstanceResponse Describe(OrchestrationState? state, bool withInputsAndOutputs) =>
        state is null ? new P.GetInstanceResponse { Exists = false } : new P.GetInstanceResponse { Exists = true, OrchestrationState = ProtoConvert.ToProto(state, withInputsAndOutputs) };

    private static bool IsFinal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;
}
