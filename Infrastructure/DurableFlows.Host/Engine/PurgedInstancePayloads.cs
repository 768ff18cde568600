using DurableFlows.Bundles;
using DurableFlows.Sidecar;

namespace DurableFlows.Host.Engine;

/// <summary>Deletes the payload objects of the instances the sidecar purged, whichever way they were purged.</summary>
/// <param name="payloads">The payload store the workers offload to.</param>
internal sealed class PurgedInstancePayloads(PayloadStore payloads) : IInstancePurgeListener
{
    /// <inheritdoc />
    public Task InstancesPurgedAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        payloads.DeleteForPurgedAsync(instanceIds, cancellationToken);
}
