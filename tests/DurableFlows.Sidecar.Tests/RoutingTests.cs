using DurableFlows.Sidecar.TestWorker;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Sidecar.Tests;

/// <summary>Work goes only to the workers of its queue, and only to workers that registered its names.</summary>
[Collection(SidecarCollection.Name)]
public sealed class RoutingTests(SidecarFixture fixture)
{
    private DurableTaskClient Client => fixture.Client;

    [Fact]
    public async Task An_instance_waits_for_a_worker_of_its_queue_and_never_runs_on_another_queue()
    {
        var x = "x-" + Guid.NewGuid().ToString("N");
        var y = "y-" + Guid.NewGuid().ToString("N");
        await using var workerY = await fixture.StartWorkerAsync(y, r => TestFlows.Register(r, "Y", TimeSpan.Zero, []));
        var onX = await Client.ScheduleNewOrchestrationInstanceAsync(TestFlows.Nest, 4, QueueOptions.On(x));
        var onY = await Client.ScheduleNewOrchestrationInstanceAsync(TestFlows.Fan, 4, QueueOptions.On(y));

        var ranOnY = await Client.FinishedAsync(onY);
        await Task.Delay(200);
        var waiting = await Client.GetInstanceAsync(onX);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, waiting!.RuntimeStatus);

        await using var workerX = await fixture.StartWorkerAsync(x, r => TestFlows.Register(r, "X", TimeSpan.Zero, []));
        var ranOnX = await Client.FinishedAsync(onX);

        Assert.Equal(["Y", "Y", "Y", "Y"], ranOnY.ReadOutputAs<string[]>()!);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ranOnX.RuntimeStatus);

        // The sub-orchestration inherited queue x: its activities ran on x too.
        Assert.Equal(["X", "X", "X", "X"], ranOnX.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task Workers_with_different_code_on_one_queue_each_get_only_their_names()
    {
        var queue = "shared-" + Guid.NewGuid().ToString("N");
        await using var workerA = await fixture.StartWorkerAsync(queue, r => TestFlows.Register(r, "A", TimeSpan.Zero, ["A"]), filters: true);
        await using var workerB = await fixture.StartWorkerAsync(queue, r => TestFlows.Register(r, "B", TimeSpan.Zero, ["B"]), filters: true);

        var ids = new List<(string Set, string Id)>();
        for (var i = 0; i < 6; i++)
        {
            var set = i % 2 == 0 ? "A" : "B";
            ids.Add((set, await Client.ScheduleNewOrchestrationInstanceAsync("Flow" + set, i.ToString(System.Globalization.CultureInfo.InvariantCulture), QueueOptions.On(queue))));
        }

        foreach (var (set, id) in ids)
        {
            var done = await Client.FinishedAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.EndsWith("@" + set, done.ReadOutputAs<string>(), StringComparison.Ordinal);
        }
    }
}
