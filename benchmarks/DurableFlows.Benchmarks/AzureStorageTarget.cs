using System.Diagnostics;
using DurableFlows.Storage;
using DurableFlows.Storage.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Benchmarks;

/// <summary>
/// Microsoft's Azure Storage provider (the Durable Functions default) against Azurite, under our sidecar:
/// the same path as <c>memory</c> and <c>sqlite</c>, with the backend made by the provider registry from a
/// <c>storageProvider</c> section of type <c>azureStorage</c>. Each instance starts its own Azurite, so every
/// scenario gets an empty account and task hub.
/// </summary>
internal sealed class AzureStorageTarget : IBenchmarkTarget
{
    /// <summary>
    /// How far the provider backs off polling idle queues. The provider's default (30 s) would make a lone
    /// orchestration wait on an idle queue's back-off; 1 s keeps the benchmark measuring the storage.
    /// </summary>
    public const string MaxQueuePollingInterval = "00:00:01";

    private static readonly StorageProviderRegistry Providers = new([new AzureStorageProviderFactory()]);

    private AzuriteServer? _azurite;
    private SidecarTarget? _sidecar;

    public string Name => "azure-storage on azurite (via our sidecar)";

    public double? ServerMemoryMiB => _azurite is null ? null : ProcessMemory.OfProcessMiB(_azurite.ProcessId);

    public async Task<DurableTaskClient> StartAsync(Action<DurableTaskRegistry> register, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _azurite = await AzuriteServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["storageProvider:type"] = "azureStorage",
                ["storageProvider:connectionString"] = _azurite.ConnectionString,
                ["storageProvider:maxQueuePollingInterval"] = MaxQueuePollingInterval,
            })
            .Build()
            .GetSection("storageProvider");
        var context = new StorageProviderContext("DurableFlowsBench", AppContext.BaseDirectory, NullLoggerFactory.Instance, TimeProvider.System);
        _sidecar = new SidecarTarget(Name, () => Providers.Create(section, context));
        var client = await _sidecar.StartAsync(register, cancellationToken).ConfigureAwait(false);

        // The provider serves a hub only once it holds its partitions' leases; one orchestration run to
        // completion proves it, so a scenario's clock does not include lease acquisition.
        var id = await client.ScheduleNewOrchestrationInstanceAsync(Workload.ThreeSteps, 0, cancellationToken).ConfigureAwait(false);
        await client.WaitForInstanceCompletionAsync(id, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"   azurite and the provider ready in {clock.Elapsed.TotalSeconds:0.0} s");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync().ConfigureAwait(false);
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}
