using DurableFlows.Host.Engine;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Host;

/// <summary>Reads host.json and the environment into the engine's settings.</summary>
internal static class HostSettings
{
    private const string DefaultHubName = "DurableFlows";

    public static (IConfiguration Configuration, EngineSettings Settings) Load(string configPath, string? sidecarAddress)
    {
        var path = Path.GetFullPath(configPath);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(path, optional: true)
            .AddEnvironmentVariables()
            .Build();
        var durableTask = configuration.GetSection("extensions:durableTask");
        var storage = durableTask.GetSection("storageProvider");
        if (!storage.Exists())
        {
            storage = new ConfigurationBuilder().AddInMemoryCollection([new("storageProvider:type", "sqlite")]).Build().GetSection("storageProvider");
        }

        var address = sidecarAddress ?? configuration["durableFlows:sidecar:address"];
        var settings = new EngineSettings
        {
            HubName = durableTask["hubName"] ?? DefaultHubName,
            StorageProvider = storage,
            BaseDirectory = Path.GetDirectoryName(path)!,
            SidecarAddress = address is null ? Sidecar.SidecarOptions.DefaultAddress : new Uri(address),
        };
        return (configuration, settings);
    }
}
