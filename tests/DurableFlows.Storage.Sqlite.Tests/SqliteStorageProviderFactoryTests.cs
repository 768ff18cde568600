using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Storage.Sqlite.Tests;

public sealed class SqliteStorageProviderFactoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Without_a_path_the_database_is_named_after_the_hub_under_the_base_directory()
    {
        var backend = Create(("type", "sqlite"));
        await using var service = (SqliteOrchestrationService)backend.Service;

        Assert.Equal(Path.Combine(_folder.Path, ".durableflows", "MyHub.db"), service.DatabasePath);
        Assert.True(File.Exists(service.DatabasePath));
        Assert.Equal(SqliteDurability.Full, service.Durability);
        Assert.NotNull(backend.Query);
        Assert.NotNull(backend.Purge);
        Assert.NotNull(backend.Routing);
    }

    [Theory]
    [InlineData("full", SqliteDurability.Full)]
    [InlineData("normal", SqliteDurability.Normal)]
    [InlineData("OFF", SqliteDurability.Off)]
    public async Task A_relative_path_is_resolved_against_the_base_directory_and_durability_is_read(string value, SqliteDurability expected)
    {
        var backend = Create(("type", "sqlite"), ("path", "data/flows.db"), ("durability", value));
        await using var service = (SqliteOrchestrationService)backend.Service;

        Assert.Equal(Path.Combine(_folder.Path, "data", "flows.db"), service.DatabasePath);
        Assert.Equal(expected, service.Durability);
    }

    [Fact]
    public void An_unknown_durability_names_the_key_the_value_and_the_allowed_values()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => Create(("type", "sqlite"), ("durability", "fast")));

        Assert.Equal(
            "host.json: extensions.durableTask.storageProvider.durability = 'fast' is not valid; expected one of: full, normal, off.",
            error.Message);
    }

    [Fact]
    public void A_path_that_names_a_folder_is_refused()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => Create(("type", "sqlite"), ("path", "data/")));

        Assert.Contains("storageProvider.path = 'data/'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected the path of a database file", error.Message, StringComparison.Ordinal);
    }

    private OrchestrationBackend Create(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"extensions:durableTask:storageProvider:{s.Key}", s.Value)))
            .Build();
        var context = new StorageProviderContext("MyHub", _folder.Path, NullLoggerFactory.Instance, TimeProvider.System);
        return new StorageProviderRegistry([new SqliteStorageProviderFactory()])
            .Create(configuration.GetSection("extensions:durableTask:storageProvider"), context);
    }
}
