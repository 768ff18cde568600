using Microsoft.Extensions.Configuration;

namespace DurableFlows.Storage;

/// <summary>
/// Creates a backend from the <c>extensions.durableTask.storageProvider</c> section of host.json.
/// One factory per <c>type</c> value.
/// </summary>
public interface IStorageProviderFactory
{
    /// <summary>Gets the <c>type</c> value this factory answers to.</summary>
    string Type { get; }

    /// <summary>
    /// Creates the backend. Invalid settings throw a <see cref="StorageConfigurationException"/> that
    /// names the key, the value and what is allowed.
    /// </summary>
    OrchestrationBackend Create(IConfigurationSection section, StorageProviderContext context);
}
