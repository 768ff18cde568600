using DurableFlows.Host.Engine;
using DurableFlows.Storage;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Host.Tests;

/// <summary>
/// The <c>azureStorage</c> and <c>memory</c> providers as host.json chooses them. Creating the Azure
/// Storage provider does not touch storage (it connects lazily), so these tests need no Azurite.
/// </summary>
public sealed class StorageProviderFactoryTests
{
    [Fact]
    public void The_provider_is_chosen_by_type_and_offers_query_and_purge_but_no_routing()
    {
        var backend = Create(("type", "azureStorage"), ("maxQueuePollingInterval", "00:00:01"), ("partitionCount", "2"));

        using var service = Assert.IsType<AzureStorageOrchestrationService>(backend.Service);
        Assert.Equal("azureStorage", backend.Type);
        Assert.NotNull(backend.Query);
        Assert.NotNull(backend.Purge);
        Assert.Null(backend.Routing);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void A_polling_interval_that_is_not_a_positive_time_span_names_the_key_and_the_value(string value)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => Create(("type", "azureStorage"), ("maxQueuePollingInterval", value)));

        Assert.Equal(
            $"host.json: extensions.durableTask.storageProvider.maxQueuePollingInterval = '{value}' is not valid; expected a positive time span such as \"00:00:01\".",
            error.Message);
    }

    [Fact]
    public void A_partition_count_outside_one_to_sixteen_is_refused()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => Create(("type", "azureStorage"), ("partitionCount", "17")));

        Assert.Contains("storageProvider.partitionCount = '17'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected a whole number from 1 to 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_memory_providers_lock_timeout_must_be_a_positive_time_span()
    {
        var backend = Create(("type", "memory"), ("lockTimeout", "00:00:05"));
        using var service = Assert.IsType<DurableFlows.Storage.Memory.MemoryOrchestrationService>(backend.Service);
        Assert.Equal("memory", backend.Type);

        var error = Assert.Throws<StorageConfigurationException>(() => Create(("type", "memory"), ("lockTimeout", "soon")));
        Assert.Equal(
            "host.json: extensions.durableTask.storageProvider.lockTimeout = 'soon' is not valid; expected a positive time span such as \"00:02:00\".",
            error.Message);
    }

    private static OrchestrationBackend Create(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"extensions:durableTask:storageProvider:{s.Key}", s.Value)))
            .Build();
        return EngineSettings.Providers.Create(
            configuration.GetSection("extensions:durableTask:storageProvider"),
            new StorageProviderContext("FactoryHub", AppContext.BaseDirectory, NullLoggerFactory.Instance, TimeProvider.System));
    }
}
