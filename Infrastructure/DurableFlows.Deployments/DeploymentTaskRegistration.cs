using Microsoft.DurableTask;

namespace DurableFlows.Deployments;

/// <summary>Adds the deployment run activities to a worker's registry.</summary>
public static class DeploymentTaskRegistration
{
    /// <summary>
    /// Registers <see cref="StartDeploymentRun"/>, <see cref="StopDeploymentRun"/> and
    /// <see cref="ReconcileDeploymentRun"/>. Their dependencies come from the worker's services
    /// (see <see cref="DeploymentServiceCollectionExtensions.AddDeploymentRuns"/>).
    /// </summary>
    public static DurableTaskRegistry AddDeploymentActivities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity<StartDeploymentRun>(DeploymentActivityNames.Start);
        registry.AddActivity<StopDeploymentRun>(DeploymentActivityNames.Stop);
        registry.AddActivity<ReconcileDeploymentRun>(DeploymentActivityNames.Reconcile);
        return registry;
    }
}
