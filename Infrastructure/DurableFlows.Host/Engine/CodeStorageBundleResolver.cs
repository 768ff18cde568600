using DurableFlows.Bundles;
using DurableFlows.Deployments;

namespace DurableFlows.Host.Engine;

/// <summary>
/// The bundle a deployment points to in code storage (the manifest <c>durableflows deploy</c> wrote), or,
/// when it was never deployed, what host.json names (usually nothing: the code in the runner's image).
/// </summary>
public sealed class CodeStorageBundleResolver(DeploymentManifestStore manifests) : IDeploymentBundleResolver
{
    /// <inheritdoc />
    public async Task<DeploymentBundlePin?> ResolveAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);

        // An explicit pin in host.json wins over whatever was deployed since.
        if (ConfiguredDeploymentBundleResolver.Pin(deployment) is { } configured)
        {
            return configured;
        }

        var manifest = await manifests.ReadAsync(DeploymentNames.ManifestName(deployment.Name), cancellationToken).ConfigureAwait(false);
        return manifest is null ? null : new DeploymentBundlePin(manifest.BundleUri, manifest.BundleSha256);
    }
}
