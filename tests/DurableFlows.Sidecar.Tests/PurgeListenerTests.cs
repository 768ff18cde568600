using System.Collections.Concurrent;
using DurableFlows.Storage;
using DurableFlows.Storage.Memory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Sidecar.Tests;

/// <summary>What the sidecar tells its <see cref="IInstancePurgeListener"/>: the instances each purge removed, and only those.</summary>
public sealed class PurgeListenerTests
{
    [Fact]
    public async Task Each_kind_of_purge_names_exactly_the_instances_it_removed()
    {
        var listener = new RecordingListener();
        using var service = new MemoryOrchestrationService();
        await using var server = await StartAsync(service, listener);
        await using var worker = await InProcessWorker.StartAsync(server.Address, queue: null, Flows.Register);
        var client = worker.Client;
        await client.ScheduleNewOrchestrationInstanceAsync("ParentOfChain", "p", new StartOrchestrationOptions("tree"));
        await client.ScheduleNewOrchestrationInstanceAsync("Chain", "a", new StartOrchestrationOptions("done-a"));
        await client.ScheduleNewOrchestrationInstanceAsync("Chain", "b", new StartOrchestrationOptions("done-b"));
        await client.ScheduleNewOrchestrationInstanceAsync("Forever", "w", new StartOrchestrationOptions("waiting"));
        foreach (var id in new[] { "tree", "done-a", "done-b" })
        {
            await client.FinishedAsync(id);
        }

        await client.PurgeInstanceAsync("tree", new PurgeInstanceOptions(Recursive: true));
        await client.PurgeInstanceAsync("waiting");
        await client.PurgeInstanceAsync("no-such-instance");
        var byFilter = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(DateTimeOffset.UtcNow.AddHours(-1), Statuses: null));

        Assert.Equal(2, byFilter.PurgedInstanceCount);
        Assert.Equal(2, listener.Calls.Count);
        Assert.Equal(["tree-child", "tree"], listener.Calls.First());
        Assert.Equal(["done-a", "done-b"], listener.Calls.Last().Order(StringComparer.Ordinal));
        Assert.NotNull(await client.GetInstanceAsync("waiting"));
    }

    [Fact]
    public async Task A_listener_that_throws_does_not_undo_the_purge_or_fail_it()
    {
        var listener = new RecordingListener { Fails = true };
        using var service = new MemoryOrchestrationService();
        await using var server = await StartAsync(service, listener);
        await using var worker = await InProcessWorker.StartAsync(server.Address, queue: null, Flows.Register);
        var id = await worker.Client.ScheduleNewOrchestrationInstanceAsync("Chain", "x");
        await worker.Client.FinishedAsync(id);

        var purged = await worker.Client.PurgeInstanceAsync(id);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await worker.Client.GetInstanceAsync(id));
        Assert.Equal([id], Assert.Single(listener.Calls));
    }

    private static Task<SidecarServer> StartAsync(MemoryOrchestrationService service, IInstancePurgeListener listener) =>
        SidecarServer.StartAsync(
            new OrchestrationBackend("memory", service),
            new SidecarOptions { Address = new Uri("http://127.0.0.1:0") },
            NullLoggerFactory.Instance,
            purgeListener: listener);

    private sealed class RecordingListener : IInstancePurgeListener
    {
        public ConcurrentQueue<IReadOnlyList<string>> Calls { get; } = new();

        public bool Fails { get; init; }

        public Task InstancesPurgedAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            Calls.Enqueue([.. instanceIds]);
            return Fails ? Task.FromException(new IOException("code storage is unreachable")) : Task.CompletedTask;
        }
    }
}
