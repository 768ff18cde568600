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
        if (StorageProviderSection.PositiveTimeSpan(section, "lockTimeout", "00:02:00") is { } lockTimeout)
        {
            options.LockTimeout = lockTimeout;
        }

        var service = new MemoryOrchestrationService(options, context.TimeProvider, context.LoggerFactory);
        return new OrchestrationBackend(Type, service);
    }
}
