using Microsoft.Extensions.Configuration;

namespace DurableFlows.Storage;

/// <summary>
/// Picks the storage provider named by <c>extensions.durableTask.storageProvider.type</c> in host.json,
/// so a backend is swapped by configuration alone.
/// </summary>
public sealed class StorageProviderRegistry
{
    private readonly Dictionary<string, IStorageProviderFactory> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry over the given factories.</summary>
    public StorageProviderRegistry(IEnumerable<IStorageProviderFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        foreach (var factory in factories)
        {
            _factories[factory.Type] = factory;
        }
    }

    /// <summary>Gets the provider types that can be chosen.</summary>
    public IReadOnlyList<string> Types => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Creates the backend the section names. A missing or unknown <c>type</c> is an error that lists the
    /// types there are.
    /// </summary>
    public OrchestrationBackend Create(IConfigurationSection section, StorageProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(section);
        var type = section["type"];
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new StorageConfigurationException(
                $"host.json: {Display(section.Path)}.type is missing; expected one of: {string.Join(", ", Types)}.");
        }

        if (!_factories.TryGetValue(type, out var factory))
        {
            throw new StorageConfigurationException(
                $"host.json: {Display(section.Path)}.type = '{type}' is not a storage provider; expected one of: {string.Join(", ", Types)}.");
        }

        return factory.Create(section, context);
    }

    private static string Display(string path) => path.Replace(':', '.');
}
