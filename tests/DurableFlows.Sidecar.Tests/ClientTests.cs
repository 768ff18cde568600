using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar.Tests;

/// <summary>The management RPCs: query, purge, restart, history, and the errors of the protocol.</summary>
[Collection(SidecarCollection.Name)]
public sealed class ClientTests(SidecarFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Address);

    private DurableTaskClient Client => fixture.Client;

    private P.TaskHubSidecarService.TaskHubSidecarServiceClient Raw => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Queries_page_by_page_with_the_continuation_token()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N") + "-";
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Client.ScheduleNewOrchestrationInstanceAsync("Chain", "q", new StartOrchestrationOptions(prefix + i)));
        }

        foreach (var id in ids)
        {
            await Client.FinishedAsync(id);
        }

        var pages = 0;
        var seen = new List<string>();
        await foreach (var page in Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: prefix, PageSize: 2)).AsPages())
        {
            pages++;
            Assert.True(page.Values.Count <= 2, $"page {pages} had {page.Values.Count} instances; the page size is 2");
            seen.AddRange(page.Values.Select(m => m.InstanceId));
        }

        Assert.Equal(ids.Order(), seen.Order());
        Assert.True(pages >= 3, $"5 instances in pages of 2 came in {pages} pages");
    }

    [Fact]
    public async Task Queries_by_runtime_status()
    {
        var prefix = "status-" + Guid.NewGuid().ToString("N") + "-";
        var running = await Client.ScheduleNewOrchestrationInstanceAsync("Forever", null, new StartOrchestrationOptions(prefix + "running"));
        await Client.FinishedAsync(await Client.ScheduleNewOrchestrationInstanceAsync("Chain", "s", new StartOrchestrationOptions(prefix + "done")));
        await Client.WaitForInstanceStartAsync(running);

        var found = new List<string>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: prefix, Statuses: [OrchestrationRuntimeStatus.Running])))
        {
            found.Add(instance.InstanceId);
        }

        Assert.Equal([running], found);
        await Client.TerminateInstanceAsync(running);
    }

    [Fact]
    public async Task Waiting_for_the_start_of_a_scheduled_instance_returns_once_it_runs()
    {
        var id = "scheduled-" + Guid.NewGuid().ToString("N");
        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(700);
        await Client.ScheduleNewOrchestrationInstanceAsync("Forever", null, new StartOrchestrationOptions(id, startAt));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await Client.GetInstanceAsync(id))!.RuntimeStatus);

        var started = await Client.WaitForInstanceStartAsync(id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Running, started.RuntimeStatus);
        Assert.True(DateTimeOffset.UtcNow >= startAt, "the wait returned before the scheduled start time");
        await Client.TerminateInstanceAsync(id);
    }

    [Fact]
    public async Task Purges_a_parent_and_its_sub_orchestration()
    {
        var id = "purge-" + Guid.NewGuid().ToString("N");
        await Client.ScheduleNewOrchestrationInstanceAsync("ParentOfChain", "p", new StartOrchestrationOptions(id));
        await Client.FinishedAsync(id);

        var result = await Client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true));

        Assert.Equal(2, result.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(id));
        Assert.Null(await Client.GetInstanceAsync(id + "-child"));
    }

    [Fact]
    public async Task Purges_by_filter()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Chain", "f");
        var done = await Client.FinishedAsync(id);

        var result = await Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(done.CreatedAt.AddTicks(-1), done.CreatedAt.AddTicks(1), [OrchestrationRuntimeStatus.Completed]));

        Assert.True(result.PurgedInstanceCount >= 1, "the filter matched the instance but nothing was purged");
        Assert.Null(await Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Restarts_with_the_same_id_and_with_a_new_one()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Chain", "r");
        var first = await Client.FinishedAsync(id);

        var same = await Client.RestartAsync(id, restartWithNewInstanceId: false);
        var again = await Client.FinishedAsync(same);
        var other = await Client.RestartAsync(id, restartWithNewInstanceId: true);
        var fresh = await Client.FinishedAsync(other);

        Assert.Equal(id, same);
        Assert.NotEqual(id, other);
        Assert.Equal("[[[r]]]", again.ReadOutputAs<string>());
        Assert.Equal("[[[r]]]", fresh.ReadOutputAs<string>());
        Assert.True(again.CreatedAt >= first.CreatedAt, "the restarted run is older than the first");
    }

    [Fact]
    public async Task Streams_the_history_of_an_instance()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Chain", "h");
        await Client.FinishedAsync(id);

        var history = await Client.GetOrchestrationHistoryAsync(id);

        var kinds = history.Select(e => e.GetType().Name).Where(k => k is not "OrchestratorStartedEvent" and not "OrchestratorCompletedEvent").ToList();
        Assert.Equal("ExecutionStartedEvent", kinds[0]);
        Assert.Equal(3, kinds.Count(k => k == "TaskScheduledEvent"));
        Assert.Equal(3, kinds.Count(k => k == "TaskCompletedEvent"));
        Assert.Equal("ExecutionCompletedEvent", kinds[^1]);
    }

    [Fact]
    public async Task Refuses_a_second_instance_with_the_id_of_a_running_one()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Forever");

        var e = await Assert.ThrowsAsync<RpcException>(() => Raw.StartInstanceAsync(new P.CreateInstanceRequest { InstanceId = id, Name = "Forever" }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        await Client.TerminateInstanceAsync(id);
    }

    [Fact]
    public async Task Answers_Unimplemented_naming_the_rpc()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Raw.RewindInstanceAsync(new P.RewindInstanceRequest { InstanceId = "any" }).ResponseAsync);
        var entity = await Assert.ThrowsAsync<RpcException>(() => Raw.SignalEntityAsync(new P.SignalEntityRequest { InstanceId = "@e@k" }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Contains("RewindInstance", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unimplemented, entity.StatusCode);
        Assert.Contains("SignalEntity", entity.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_NotFound_for_an_unknown_instance()
    {
        var raise = await Assert.ThrowsAsync<RpcException>(() => Raw.RaiseEventAsync(new P.RaiseEventRequest { InstanceId = "nobody", Name = "e" }).ResponseAsync);
        var terminate = await Assert.ThrowsAsync<RpcException>(() => Raw.TerminateInstanceAsync(new P.TerminateRequest { InstanceId = "nobody" }).ResponseAsync);
        var state = await Raw.GetInstanceAsync(new P.GetInstanceRequest { InstanceId = "nobody" });

        Assert.Equal(StatusCode.NotFound, raise.StatusCode);
        Assert.Contains("nobody", raise.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, terminate.StatusCode);
        Assert.False(state.Exists);
    }

    [Fact]
    public async Task Answers_InvalidArgument_for_a_start_without_a_name()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Raw.StartInstanceAsync(new P.CreateInstanceRequest { InstanceId = "nameless" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("name", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_a_completion_with_an_unknown_token_with_NotFound()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Raw.CompleteActivityTaskAsync(new P.ActivityResponse { InstanceId = "nobody", TaskId = 7, CompletionToken = "stale" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("stale", e.Status.Detail, StringComparison.Ordinal);
    }
}
