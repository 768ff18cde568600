namespace DurableFlows.Deployments;

/// <summary>
/// Says which code bundle a deployment points to now. <see cref="StartDeploymentRun"/> asks once per run,
/// on its first start, and pins the answer for the run's life.
/// </summary>
public interface IDeploymentBundleResolver
{
    /// <summary>Gets the bundle <paramref name="deployment"/> points to now, or null when its flow's code is in the runner's image.</summary>
    /// <param name="deployment">The deployment.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    Task<DeploymentBundlePin?> ResolveAsync(Deployment deployment, CancellationToken cancellationToken);
}
