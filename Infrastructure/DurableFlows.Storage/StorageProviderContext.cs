using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage;

/// <summary>What a storage provider may use when it is created.</summary>
/// <param name="HubName">The task hub name from <c>extensions.durableTask.hubName</c>.</param>
/// <param name="BaseDirectory">The folder that relative paths in host.json are resolved against.</param>
/// <param name="LoggerFactory">Logging.</param>
/// <param name="TimeProvider">The clock.</param>
public sealed record StorageProviderContext(
    string HubName,
    string BaseDirectory,
    ILoggerFactory LoggerFactory,
    TimeProvider TimeProvider);
