using Microsoft.DurableTask.Client;

namespace DurableFlows.Sidecar.Tests;

/// <summary>Waiting for instances with the tests' patience.</summary>
public static class ClientWaits
{
    /// <summary>Waits until the instance ends, with inputs and outputs; fails after <see cref="Eventually.Patience"/>.</summary>
    public static async Task<OrchestrationMetadata> FinishedAsync(this DurableTaskClient client, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeout = new CancellationTokenSource(Eventually.Patience);
        return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }
}
