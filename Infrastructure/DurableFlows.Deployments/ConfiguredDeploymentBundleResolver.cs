namespace DurableFlows.Deployments;

/// <summary>
/// The bundle named in host.json (<c>bundle</c> and <c>bundleSha256</c> of a deployment), or none: the
/// resolver used when no code storage says otherwise.
/// </summary>
public sealed class ConfiguredDeploymentBundleResolver : IDeploymentBundleResolver
{
    /// <inheritdoc />
    public Task<DeploymentBundlePin?> ResolveAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return Task.FromResult(Pin(deployment));
    }

    /// <summary>Gets the bundle host.json names for <paramref name="deployment"/>, or null when it names none.</summary>
    /// <exception cref="DeploymentConfigurationException">Only one of <c>bundle</c> and <c>bundleSha256</c> is set.</exception>
    public static DeploymentBundlePin? Pin(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return (deployment.Bundle, deployment.BundleSha256) switch
        {
            (null, null) => null,
            ({ } uri, { } sha256) => new DeploymentBundlePin(uri, sha256.ToLowerInvariant()),
            _ => throw new DeploymentConfigurationException(
                $"host.json: durableFlows.deployments '{deployment.Name}' sets only one of bundle and bundleSha256; expected both (the runner verifies the bundle against its hash) or neither."),
        };
    }
}
