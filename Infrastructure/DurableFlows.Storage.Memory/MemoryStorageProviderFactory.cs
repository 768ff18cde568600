using Microsoft.Extensions.Configuration;

namespace DurableFlows.Storage.Memory;

/// <summary>Creates the in-memory backend for <c>storageProvider: { "type": "memory" }</c>.</summary>
public sealed class MemoryStorageProviderFactory : IStorageProviderFactory
{
    /// <inheritdoc />
    public string Type => "memory";

    /// <inheritdoc />
    public OrchestrationBackend Create(IConfigurationSection section, StorageProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(context);
        var options = new MemoryOrchestrationServiceOptions();
        var lockTimeout = section["lockTimeout"];
        if (lockTimeout is not null)
        {
            if (!TimeSpan.TryParse(lockTimeout, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero)
            {
                throw new StorageConfigurationException(
                    $"host.json: {section.Path}:lockTimeout = '{lockTimeout}' is not valid; expected a positive time span such as \"00:02:00\".");
            }

            options.LockTimeout = parsed;
        }

        var service = new MemoryOrchestrationService(options, context.TimeProvider, context.LoggerFactory);
        return new OrchestrationBackend(Type, service);
    }
}
