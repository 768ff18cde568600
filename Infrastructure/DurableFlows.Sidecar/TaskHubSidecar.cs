using DurableFlows.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <summary>
/// Our implementation of the Durable Task sidecar protocol over a storage backend. Clients and workers
/// of any Durable Task SDK connect to it over gRPC. Workers compete for work items by queue and
/// work-item filters; see <see cref="SidecarMetadata"/> for how they name their queue.
/// </summary>
public sealed partial class TaskHubSidecar : P.TaskHubSidecarService.TaskHubSidecarServiceBase, IAsyncDisposable
{
    private readonly SidecarEngine _engine;
    private readonly IWorkerAuthorizer _authorizer;
    private readonly ILogger _logger;
    private readonly IInstancePurgeListener? _purgeListener;

    /// <summary>Creates the sidecar over a backend.</summary>
    /// <param name="backend">The storage backend.</param>
    /// <param name="options">The sidecar's settings.</param>
    /// <param name="authorizer">Decides which workers may connect.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="purgeListener">Told which instances each purge removed; none when nothing outside the store is kept per instance.</param>
    public TaskHubSidecar(
        OrchestrationBackend backend,
        SidecarOptions options,
        IWorkerAuthorizer authorizer,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IInstancePurgeListener? purgeListener = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger<TaskHubSidecar>();
        _engine = new SidecarEngine(backend, options, time, _logger);
        _authorizer = authorizer;
        _purgeListener = purgeListener;
    }

    private OrchestrationBackend Backend => _engine.Backend;

    /// <inheritdoc />
    public override Task<Empty> Hello(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    /// <inheritdoc />
    public override Task<P.RewindInstanceResponse> RewindInstance(P.RewindInstanceRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(RewindInstance), "rewinding failed instances");

    /// <inheritdoc />
    public override Task<P.ListInstanceIdsResponse> ListInstanceIds(P.ListInstanceIdsRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(ListInstanceIds), "listing instance ids by completed time; use QueryInstances");

    /// <inheritdoc />
    public override Task<P.CompleteTaskResponse> CompleteEntityTask(P.EntityBatchResult request, ServerCallContext context) =>
        throw Unimplemented(nameof(CompleteEntityTask), "durable entities");

    /// <inheritdoc />
    public override Task<P.AbandonEntityTaskResponse> AbandonTaskEntityWorkItem(P.AbandonEntityTaskRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(AbandonTaskEntityWorkItem), "durable entities");

    /// <inheritdoc />
    public override Task<P.SignalEntityResponse> SignalEntity(P.SignalEntityRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(SignalEntity), "durable entities");

    /// <inheritdoc />
    public override Task<P.GetEntityResponse> GetEntity(P.GetEntityRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(GetEntity), "durable entities");

    /// <inheritdoc />
    public override Task<P.QueryEntitiesResponse> QueryEntities(P.QueryEntitiesRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(QueryEntities), "durable entities");

    /// <inheritdoc />
    public override Task<P.CleanEntityStorageResponse> CleanEntityStorage(P.CleanEntityStorageRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(CleanEntityStorage), "durable entities");

    /// <inheritdoc />
    public override Task<P.CreateTaskHubResponse> CreateTaskHub(P.CreateTaskHubRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(CreateTaskHub), "creating task hubs over the protocol; the storage provider creates its store at start-up");

    /// <inheritdoc />
    public override Task<P.DeleteTaskHubResponse> DeleteTaskHub(P.DeleteTaskHubRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(DeleteTaskHub), "deleting task hubs over the protocol");

    /// <inheritdoc />
    public override Task<P.SkipGracefulOrchestrationTerminationsResponse> SkipGracefulOrchestrationTerminations(
        P.SkipGracefulOrchestrationTerminationsRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(SkipGracefulOrchestrationTerminations), "forced terminations of entity-locked instances");

    private static RpcException Unimplemented(string rpc, string feature) =>
        new(new Status(StatusCode.Unimplemented, $"The DurableFlows sidecar does not implement {rpc}: {feature} is not supported."));

    private static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static RpcException NotFound(string instanceId) =>
        new(new Status(StatusCode.NotFound, $"No orchestration instance with id '{instanceId}' exists."));
}
