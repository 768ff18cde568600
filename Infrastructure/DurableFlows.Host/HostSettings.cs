using DurableFlows.Bundles;
using DurableFlows.Configuration;
using DurableFlows.Host.Engine;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Host;

/// <summary>Reads host.json, the environment and overrides into the engine's settings.</summary>
internal static class HostSettings
{
    /// <summary>
    /// Loads the configuration; warnings (unknown keys, embedded defaults) go to stderr. The configuration
    /// user code sees is host.json plus every environment variable, so <c>Pipeline__TaskSeconds</c> works.
    /// </summary>
    public static (HostConfiguration Host, IConfiguration UserConfiguration, EngineSettings Settings) Load(string? configPath, string? sidecarAddress = null)
    {
        var host = HostConfigurationLoader.Load(HostConfigurationRequest.FromProcess(configPath));
        foreach (var warning in host.Warnings)
        {
            Console.Error.WriteLine($"durableflows: {warning}");
        }

        var user = new ConfigurationBuilder().AddConfiguration(host.Root).AddEnvironmentVariables().Build();
        var settings = new EngineSettings
        {
            HubName = host.DurableTask.HubName,
            StorageProvider = host.DurableTask.StorageProvider,
            BaseDirectory = host.BaseDirectory,
            SidecarAddress = sidecarAddress is null ? host.Sidecar.Address : ParseAddress(sidecarAddress),
            MaxConcurrentActivities = host.DurableTask.MaxConcurrentActivityFunctions,
            MaxConcurrentOrchestrations = host.DurableTask.MaxConcurrentOrchestratorFunctions,
            ConfigPath = host.SourcePath,
            CodeStorage = CodeStorageOptions.FromConfiguration(host.Storage),
            Payloads = PayloadStoreOptions.FromConfiguration(host.Payloads),
        };
        return (host, user, settings);
    }

    private static Uri ParseAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            ? uri
            : throw new HostConfigurationException($"--address = '{address}' is not valid; expected http://host:port, such as http://127.0.0.1:4001.");
}
