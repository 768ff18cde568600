using DurableFlows.Storage;
using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <content>The worker side: the work-item stream, completions and hand-backs.</content>
public sealed partial class TaskHubSidecar
{
    /// <inheritdoc />
    public override async Task GetWorkItems(P.GetWorkItemsRequest request, IServerStreamWriter<P.WorkItem> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var queue = context.RequestHeaders.GetValue(SidecarMetadata.QueueHeader);
        queue = string.IsNullOrWhiteSpace(queue) ? WorkItemSelector.DefaultQueue : queue.Trim();
        var runToken = context.RequestHeaders.GetValue(SidecarMetadata.RunTokenHeader);
        if (_authorizer.Authorize(queue, runToken, context) is { } refusal)
        {
            _logger.WorkerRefused(queue, refusal);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }

        var filters = Declared(request.WorkItemFilters);
        if (Backend.Routing is null && (queue != WorkItemSelector.DefaultQueue || filters is not null))
        {
            var reason = $"The '{Backend.Type}' storage provider has no routed locking: it serves only the '{WorkItemSelector.DefaultQueue}' queue without work-item filters, and this worker asked for queue '{queue}'{(filters is null ? string.Empty : " with filters")}.";
            _logger.WorkerRefused(queue, reason);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, reason));
        }

        var selector = new WorkItemSelector(queue, Names(filters?.Orchestrations.Select(f => f.Name)), Names(filters?.Activities.Select(f => f.Name)));
        var options = _engine.Options;
        var session = new WorkerSession(
            _engine,
            selector,
            request.MaxConcurrentOrchestrationWorkItems > 0 ? request.MaxConcurrentOrchestrationWorkItems : options.DefaultWorkerConcurrency,
            request.MaxConcurrentActivityWorkItems > 0 ? request.MaxConcurrentActivityWorkItems : options.DefaultWorkerConcurrency);
        _logger.WorkerConnected(session.Id, queue, Describe(selector));
        await session.RunAsync(responseStream, context.CancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<P.CompleteTaskResponse> CompleteOrchestratorTask(P.OrchestratorResponse request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _engine.CompleteOrchestrationAsync(request).ConfigureAwait(false);
        return new P.CompleteTaskResponse();
    }

    /// <inheritdoc />
    public override async Task<P.CompleteTaskResponse> CompleteActivityTask(P.ActivityResponse request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _engine.CompleteActivityAsync(request).ConfigureAwait(false);
        return new P.CompleteTaskResponse();
    }

    /// <inheritdoc />
    public override async Task<P.AbandonOrchestrationTaskResponse> AbandonTaskOrchestratorWorkItem(P.AbandonOrchestrationTaskRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _engine.AbandonAsync(request.CompletionToken, "orchestration").ConfigureAwait(false);
        return new P.AbandonOrchestrationTaskResponse();
    }

    /// <inheritdoc />
    public override async Task<P.AbandonActivityTaskResponse> AbandonTaskActivityWorkItem(P.AbandonActivityTaskRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _engine.AbandonAsync(request.CompletionToken, "activity").ConfigureAwait(false);
        return new P.AbandonActivityTaskResponse();
    }

    // The .NET worker 1.28.0 sends an empty WorkItemFilters message even without UseWorkItemFilters():
    // its options monitor always yields an instance. Empty means "no filters", as in Microsoft's backends.
    private static P.WorkItemFilters? Declared(P.WorkItemFilters? filters) =>
        filters is null || (filters.Orchestrations.Count == 0 && filters.Activities.Count == 0 && filters.Entities.Count == 0) ? null : filters;

    // A worker that declares filters but lists no names of a kind runs none of that kind.
    private static HashSet<string>? Names(IEnumerable<string>? names) =>
        names is null ? null : new HashSet<string>(names, StringComparer.Ordinal);

    private static string Describe(WorkItemSelector selector) =>
        selector.OrchestrationNames is null && selector.ActivityNames is null
            ? "all flows and tasks"
            : $"flows: {string.Join(", ", selector.OrchestrationNames ?? (IEnumerable<string>)["(all)"])}; tasks: {string.Join(", ", selector.ActivityNames ?? (IEnumerable<string>)["(all)"])}";
}
