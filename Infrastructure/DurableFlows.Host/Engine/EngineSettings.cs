using DurableFlows.Bundles;
using DurableFlows.Sidecar;
using DurableFlows.Storage;
using DurableFlows.Storage.AzureStorage;
using DurableFlows.Storage.Memory;
using DurableFlows.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host.Engine;

/// <summary>What the engine needs from host.json: the hub, the storage provider, the sidecar's address and concurrency.</summary>
public sealed record EngineSettings
{
    /// <summary>Gets the task hub name.</summary>
    public required string HubName { get; init; }

    /// <summary>Gets the <c>extensions.durableTask.storageProvider</c> section.</summary>
    public required IConfigurationSection StorageProvider { get; init; }

    /// <summary>Gets the folder relative paths are resolved against: the folder of host.json.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>Gets the sidecar's address.</summary>
    public Uri SidecarAddress { get; init; } = SidecarOptions.DefaultAddress;

    /// <summary>Gets <c>maxConcurrentActivityFunctions</c>, when set.</summary>
    public int? MaxConcurrentActivities { get; init; }

    /// <summary>Gets <c>maxConcurrentOrchestratorFunctions</c>, when set.</summary>
    public int? MaxConcurrentOrchestrations { get; init; }

    /// <summary>Gets the host.json that was read, or null for the embedded defaults; the runners of local work pools read it too.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets <c>durableFlows.storage</c>: where code bundles, large payloads and run results live.</summary>
    public CodeStorageOptions CodeStorage { get; init; } = new();

    /// <summary>Gets <c>durableFlows.payloads</c>: the size above which a payload is kept in code storage.</summary>
    public PayloadStoreOptions Payloads { get; init; } = new();

    /// <summary>The storage providers this build knows.</summary>
    public static StorageProviderRegistry Providers { get; } = new(
    [
        new SqliteStorageProviderFactory(),
        new MemoryStorageProviderFactory(),
        new AzureStorageProviderFactory(),
    ]);

    /// <summary>Creates the backend the storage provider section names.</summary>
    public OrchestrationBackend CreateBackend(ILoggerFactory loggerFactory) =>
        Providers.Create(StorageProvider, new StorageProviderContext(HubName, BaseDirectory, loggerFactory, TimeProvider.System));
}
