using Microsoft.Extensions.Configuration;

namespace DurableFlows.Configuration;

/// <summary>The <c>extensions.durableTask</c> section of host.json, validated.</summary>
/// <param name="HubName">The task hub name: 3-45 letters and digits, starting with a letter.</param>
/// <param name="StorageProvider">
/// The <c>storageProvider</c> section as it was written (<c>type</c> plus provider-specific keys); the storage
/// provider factory interprets it, this layer does not.
/// </param>
/// <param name="MaxConcurrentActivityFunctions">How many activities one host runs at once.</param>
/// <param name="MaxConcurrentOrchestratorFunctions">How many orchestration work items one host runs at once.</param>
public sealed record DurableTaskSettings(
    string HubName,
    IConfigurationSection StorageProvider,
    int MaxConcurrentActivityFunctions,
    int MaxConcurrentOrchestratorFunctions);
