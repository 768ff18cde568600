using System.Text.Json;
using Microsoft.DurableTask.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

public sealed class PayloadOffloadingInterceptorTests
{
    [Fact]
    public async Task A_large_result_is_filed_under_its_instance_and_a_work_item_gets_it_back_whole_and_verified()
    {
        using var folders = new TestFolders();
        var storage = new LocalCodeStorage(folders.Folder("code"));
        var store = new PayloadStore(storage, new PayloadStoreOptions(), NullLogger<PayloadStore>.Instance);
        var interceptor = new PayloadOffloadingInterceptor(store);
        var large = JsonSerializer.Serialize(string.Concat(Enumerable.Repeat("weights ", 20_000)));
        var response = new ActivityResponse { InstanceId = "main-flow2-run-1", TaskId = 3, Result = large };
        var small = new ActivityResponse { InstanceId = "main-flow2-run-1", TaskId = 4, Result = "\"tiny\"" };

        await interceptor.OffloadAsync(response, CancellationToken.None);
        await interceptor.OffloadAsync(small, CancellationToken.None);

        var reference = PayloadReference.TryParse(response.Result);
        Assert.NotNull(reference);
        Assert.True(response.Result.Length < 400, response.Result);
        Assert.Equal("\"tiny\"", small.Result);
        Assert.Equal(["payloads/main-flow2-run-1/" + reference.Sha256], await storage.ListAsync("payloads/"));

        // The completion event of a deployment run carries the child's output inside its own JSON.
        var completion = JsonSerializer.Serialize(new { runtimeStatus = "Completed", output = response.Result });
        var workItem = new WorkItem
        {
            OrchestratorRequest = new OrchestratorRequest
            {
                InstanceId = "main-flow2",
                NewEvents =
                {
                    new HistoryEvent { TaskCompleted = new TaskCompletedEvent { TaskScheduledId = 3, Result = response.Result } },
                    new HistoryEvent { EventRaised = new EventRaisedEvent { Name = "DeploymentRunCompleted:main-flow2-run-1", Input = completion } },
                },
            },
        };
        var rewriter = new PayloadMessageRewriter(store);

        await rewriter.ResolveAsync(workItem, CancellationToken.None);

        Assert.Equal(large, workItem.OrchestratorRequest.NewEvents[0].TaskCompleted.Result);
        using var resolved = JsonDocument.Parse(workItem.OrchestratorRequest.NewEvents[1].EventRaised.Input);
        Assert.Equal(large, resolved.RootElement.GetProperty("output").GetString());

        Assert.Equal(1, await store.DeleteForInstanceAsync("main-flow2-run-1"));
        var gone = new ActivityRequest { Name = "b", Input = reference.ToJson() };
        var error = await Assert.ThrowsAsync<PayloadException>(() => rewriter.ResolveAsync(gone, CancellationToken.None));
        Assert.Equal(PayloadException.Missing, error.Classification);
    }
}
