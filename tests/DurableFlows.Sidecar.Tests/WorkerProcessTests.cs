using System.Diagnostics;
using DurableFlows.Sidecar.TestWorker;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Sidecar.Tests;

/// <summary>Worker processes compete for work, and a killed worker's work moves on at once.</summary>
[Collection(SidecarCollection.Name)]
public sealed class WorkerProcessTests(SidecarFixture fixture)
{
    private DurableTaskClient Client => fixture.Client;

    [Fact]
    public async Task Two_worker_processes_on_one_sidecar_both_receive_work()
    {
        var queue = "pair-" + Guid.NewGuid().ToString("N");
        // Two activities at a time each: one worker cannot take all the work before the other connects.
        await using var first = await WorkerProcess.StartAsync(fixture.Address, "first", queue, TimeSpan.FromMilliseconds(100), maxActivities: 2);
        await using var second = await WorkerProcess.StartAsync(fixture.Address, "second", queue, TimeSpan.FromMilliseconds(100), maxActivities: 2);

        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestFlows.Fan, 40, QueueOptions.On(queue));
        var done = await Client.FinishedAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var workers = done.ReadOutputAs<string[]>()!;
        Assert.Equal(40, workers.Length);
        Assert.Contains("first", workers);
        Assert.Contains("second", workers);
    }

    [Fact]
    public async Task Work_of_a_killed_worker_goes_to_another_worker_long_before_the_lock_expires()
    {
        var queue = "kill-" + Guid.NewGuid().ToString("N");
        var doomed = await WorkerProcess.StartAsync(fixture.Address, "doomed", queue, TimeSpan.FromMinutes(10));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestFlows.Fan, 1, QueueOptions.On(queue));
        await doomed.WaitForLineAsync(TestFlows.ActivityStarted);
        await using var survivor = await WorkerProcess.StartAsync(fixture.Address, "survivor", queue, TimeSpan.Zero);

        var clock = Stopwatch.StartNew();
        doomed.Kill();
        await doomed.DisposeAsync();
        var done = await Client.FinishedAsync(id);
        clock.Stop();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["survivor"], done.ReadOutputAs<string[]>()!);
        Assert.True(
            clock.Elapsed < SidecarFixture.LockTimeout / 10,
            $"the work moved after {clock.Elapsed.TotalSeconds:F1} s; the lock timeout is {SidecarFixture.LockTimeout.TotalSeconds} s and the sidecar saw the stream close");
    }
}
