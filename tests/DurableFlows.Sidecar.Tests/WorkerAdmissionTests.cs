using DurableFlows.Storage;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar.Tests;

/// <summary>Which workers a sidecar admits: by the backend's abilities and by the worker authorizer.</summary>
public sealed class WorkerAdmissionTests
{
    [Fact]
    public async Task A_backend_without_routed_locking_runs_the_default_queue_and_refuses_other_queues()
    {
        // Microsoft's in-memory service implements IOrchestrationService but not our routing extension.
        var service = new InMemoryOrchestrationService();
        await using var server = await StartAsync(new OrchestrationBackend("microsoft-memory", service), authorizer: null);
        await using var worker = await InProcessWorker.StartAsync(server.Address, queue: null, Flows.Register);

        var id = await worker.Client.ScheduleNewOrchestrationInstanceAsync("Chain", "u");
        var done = await worker.Client.FinishedAsync(id);
        var refusal = await RefusalAsync(server.Address, queue: "elsewhere", runToken: null);

        Assert.Equal("[[[u]]]", done.ReadOutputAs<string>());
        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Contains("'elsewhere'", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("microsoft-memory", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authorizer_sees_the_queue_and_run_token_and_can_refuse_the_worker()
    {
        using var service = new Storage.Memory.MemoryOrchestrationService();
        await using var server = await StartAsync(new OrchestrationBackend("memory", service), new RunQueueAuthorizer());

        var refusal = await RefusalAsync(server.Address, queue: "run-1", runToken: "wrong");

        Assert.Equal(StatusCode.PermissionDenied, refusal.StatusCode);
        Assert.Contains("run-1", refusal.Status.Detail, StringComparison.Ordinal);
    }

    private static Task<SidecarServer> StartAsync(OrchestrationBackend backend, IWorkerAuthorizer? authorizer) =>
        SidecarServer.StartAsync(backend, new SidecarOptions { Address = new Uri("http://127.0.0.1:0") }, NullLoggerFactory.Instance, authorizer);

    private static async Task<RpcException> RefusalAsync(Uri address, string queue, string? runToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var headers = new Metadata { { SidecarMetadata.QueueHeader, queue } };
        if (runToken is not null)
        {
            headers.Add(SidecarMetadata.RunTokenHeader, runToken);
        }

        using var call = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channel).GetWorkItems(new P.GetWorkItemsRequest(), headers);
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    // Admits a worker on a run queue only with the token "secret", as the deployment issue will.
    private sealed class RunQueueAuthorizer : IWorkerAuthorizer
    {
        public string? Authorize(string queue, string? runToken, ServerCallContext context) =>
            queue.StartsWith("run-", StringComparison.Ordinal) && runToken != "secret" ? $"queue '{queue}' needs its run token" : null;
    }
}
