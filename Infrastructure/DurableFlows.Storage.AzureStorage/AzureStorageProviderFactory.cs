using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Storage.AzureStorage;

/// <summary>
/// Creates Microsoft's Azure Storage provider for <c>storageProvider: { "type": "azureStorage",
/// "connectionString": ... }</c>. It has no routed locking, so the sidecar serves only the default queue
/// on it; its figures anchor the benchmarks, as it is the backend Durable Functions uses by default.
/// <c>maxQueuePollingInterval</c> (a time span, as in Durable Functions' host.json) caps how far the
/// provider backs off polling idle queues; the provider's default is 30 seconds.
/// </summary>
public sealed class AzureStorageProviderFactory : IStorageProviderFactory
{
    /// <summary>Azurite's well-known development connection string.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <inheritdoc />
    public string Type => "azureStorage";

    /// <inheritdoc />
    public OrchestrationBackend Create(IConfigurationSection section, StorageProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(context);
        var connectionString = section["connectionString"]
            ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage")
            ?? DevelopmentConnectionString;
        var partitions = section["partitionCount"];
        var partitionCount = 4;
        if (partitions is not null && (!int.TryParse(partitions, System.Globalization.CultureInfo.InvariantCulture, out partitionCount) || partitionCount is < 1 or > 16))
        {
            throw new StorageConfigurationException(
                $"host.json: {section.Path.Replace(':', '.')}.partitionCount = '{partitions}' is not valid; expected a whole number from 1 to 16.");
        }

        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = context.HubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            PartitionCount = partitionCount,
            LoggerFactory = context.LoggerFactory,
        };
        if (StorageProviderSection.PositiveTimeSpan(section, "maxQueuePollingInterval", "00:00:01") is { } polling)
        {
            settings.MaxQueuePollingInterval = polling;
        }

        return new OrchestrationBackend(Type, new AzureStorageOrchestrationService(settings));
    }
}
